/**
 * `npm run bench:reads`: the read rows alone — directory search and page, HKP, lookups and the import preview —
 * for a quick rerun on a quiet machine (a few minutes instead of the whole bench's hour). Same table, same JSON.
 */
import os from 'node:os';
import { benchDirectory } from './directory';
import { benchImport } from './import';
import { benchLookup } from './lookup';
import { formatTable, importRows, readRows } from './report';
import { runBenchMain } from './util';

async function main(): Promise<void> {
  const loadAvgBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const directory = await benchDirectory();
  const lookup = await benchLookup();
  const imports = await benchImport();
  const table = [...readRows(directory, lookup), ...importRows(imports)];
  const summary = {
    bench: 'csirt-registry reads',
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    loadAvgBefore,
    loadAvgAfter: os.loadavg().map((v) => Math.round(v * 100) / 100),
    directory,
    lookup,
    imports,
    passed: table.filter((r) => r.pass).length,
    missed: table.filter((r) => !r.pass).map((r) => r.name),
  };
  process.stdout.write(`\n${formatTable(table)}\n\n${JSON.stringify(summary)}\n`);
}

runBenchMain(main);
