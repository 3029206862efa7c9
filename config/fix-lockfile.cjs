#!/usr/bin/env node
// After `npm install`, run `npm run lockfile:fix`.
// Some package mirrors lack other platforms' optional binaries (e.g. @biomejs/cli-win32-x64). npm then leaves their
// entries out of package-lock.json, and `npm ci` refuses the lock file as out of sync. This adds the missing entries
// (with registry metadata when the registry has it); npm ci skips optional packages that do not fit the platform
// or cannot be fetched, so every platform still installs what it needs.
const fs = require('fs');
const { execFileSync } = require('child_process');
const lockPath = process.argv[2] || 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies || {})) {
    const loc = `node_modules/${name}`;
    if (lock.packages[loc]) continue;
    let meta = {};
    try {
      meta = JSON.parse(
        execFileSync('npm', ['view', `${name}@${spec}`, '--json', 'os', 'cpu', 'libc', 'dist', 'version', 'license'], {
          stdio: ['ignore', 'pipe', 'ignore'],
        }).toString() || '{}',
      );
    } catch {}
    const e = { version: meta.version || spec };
    if (meta.dist) {
      e.resolved = meta.dist.tarball;
      e.integrity = meta.dist.integrity;
    }
    if (entry.dev) e.dev = true;
    e.optional = true;
    if (meta.license) e.license = meta.license;
    for (const k of ['cpu', 'os', 'libc']) if (meta[k]) e[k] = [].concat(meta[k]);
    lock.packages[loc] = e;
    added++;
    console.error(
      `${loc} ${e.version} ${meta.dist ? 'from registry' : 'stub (not in registry)'} os=${e.os} cpu=${e.cpu}`,
    );
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.error(`added ${added}`);
