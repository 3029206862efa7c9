/**
 * Previewing a member import of 3,000 rows (a CP932 CSV with Japanese headers, era dates and domestic phones)
 * against 3,000 existing teams, on a fresh embedded database: what the secretariat waits for after uploading.
 * Seeding is not timed; each preview is (median of three), as storeImport runs it for the upload page.
 */
import iconv from 'iconv-lite';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { storeImport } from '../../src/import/service';
import { createLogger } from '../../src/log';
import { defer, log, makeTempDir, round } from './util';

const ROWS = 3000;

export interface ImportBench {
  rows: number;
  existingTeams: number;
  bytes: number;
  medianSeconds: number;
  runs: number[];
}

function memberList(rows: number): Buffer {
  const lines = ['チーム名,正式名称,組織名,設立年月日,加盟日,メールアドレス,Webサイト,電話番号,地区,業種,チーム紹介'];
  for (let i = 0; i < rows; i += 1) {
    const phone = `０３－５５５５－${String(1000 + (i % 9000)).padStart(4, '0')}`;
    lines.push(
      `IMPORT-${i}-CSIRT,インポート${i}シーサート,インポート${i}株式会社,平成26年4月1日,2015/4/1,csirt@import${i}.example.jp,https://import${i}.example.jp/,${phone},関東,製造業,インポート${i}株式会社のシーサートです。`,
    );
  }
  return iconv.encode(lines.join('\r\n'), 'cp932');
}

export async function benchImport(): Promise<ImportBench> {
  const tmp = makeTempDir('import');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmp.dir, SEED_DEMO: 'false' });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());
  const existingTeams = await seedSyntheticTeams(ctx, ROWS, { withKeys: false });
  const bytes = memberList(ROWS);
  const runs: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const t0 = performance.now();
    const previewed = await storeImport(
      ctx,
      { userId: null, label: 'bench' },
      { bytes, filename: 'members.csv', allowUpdate: true },
    );
    runs.push(round((performance.now() - t0) / 1000, 2));
    if (previewed.preview.counts.new !== ROWS)
      throw new Error(`import preview: ${JSON.stringify(previewed.preview.counts)}`);
  }
  log(`import preview of ${ROWS} rows: ${runs.join(' s, ')} s`);
  await closeCtx();
  await tmp.remove();
  const sorted = [...runs].sort((a, b) => a - b);
  return { rows: ROWS, existingTeams, bytes: bytes.length, medianSeconds: sorted[1] ?? 0, runs };
}
