// Runs a TypeScript module's exported function in a plain Node process (no build step): .ts files are compiled on
// require with SWC, as Jest does. Used by the fault tests to have a real process to kill.
//   node test/fault/run-ts.cjs <module.ts> <export> [args…]   → exits with the function's result (an exit code)
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const [entry, name, ...args] = process.argv.slice(2);
const mod = require(path.resolve(entry));
Promise.resolve(mod[name](args)).then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (err) => {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
