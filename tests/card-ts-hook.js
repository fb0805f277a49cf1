// Lets a plain `node` child process load the card gateway's TypeScript (the vpcd virtual card of the PC/SC
// integration tests) with the same swc settings Jest uses. Only relative imports and real packages are
// resolved: the files it loads import nothing through the @madoguchi path aliases at run time.
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
delete swc.$schema;

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swc,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
