// Lets plain `node` run TypeScript sources (`node -r ./scripts/typescript-hook.js file.ts`): the staff command,
// and the child processes of tests (the audit service the R1 test kills, the vpcd virtual card). Compiles .ts
// with the swc settings Jest uses and resolves the @madoguchi/* path aliases of tsconfig.json.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '..');
const swc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swc.$schema;

const ALIASES = [
  ['@madoguchi/domain', path.join(root, 'libs', 'domain', 'src')],
  ['@madoguchi/platform', path.join(root, 'libs', 'platform', 'src')],
];

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  for (const [alias, directory] of ALIASES) {
    if (request === alias) return resolveFilename.call(this, path.join(directory, 'index.ts'), ...rest);
    if (request.startsWith(`${alias}/`)) {
      return resolveFilename.call(this, path.join(directory, request.slice(alias.length + 1)), ...rest);
    }
  }
  return resolveFilename.call(this, request, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swc,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
