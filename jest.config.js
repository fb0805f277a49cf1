// One Jest, three test sizes told apart by file name (house style): *.spec.ts are pure,
// *.int-spec.ts talk to the real Postgres/Redis/NATS, *.e2e-spec.ts go through HTTP/NATS.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const ESM_ONLY_PACKAGES = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // NestJS 12 ships pure ESM. Node 20 loads it through require(esm), but Jest's module system cannot,
    // so Jest compiles those packages to CommonJS on the fly.
    '^.+\\.m?js$': ['@swc/jest', { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@madoguchi/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@madoguchi/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
    '^@madoguchi/platform$': '<rootDir>/libs/platform/src/index.ts',
    '^@madoguchi/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

// Tests that talk to real servers get a database, subject prefix and key prefix of their own per run.
// A global setup in a project runs only when a test of that project runs, so pure runs need no server.
const withServers = {
  globalSetup: '<rootDir>/tests/support/global-setup.js',
  globalTeardown: '<rootDir>/tests/support/global-teardown.js',
};

module.exports = {
  // Jest reads this only at the top level; pure tests finish far below it anyway.
  testTimeout: 30_000,
  reporters: [
    'default',
    '<rootDir>/tests/support/summary-reporter.js',
    '<rootDir>/bench/support/bench-reporter.js',
  ],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...shared, ...withServers, displayName: 'int', testMatch: ['**/*.int-spec.ts'] },
    { ...shared, ...withServers, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'] },
    // Benchmarks run only through `npm run bench` (performance goals never live in timed tests).
    { ...shared, ...withServers, displayName: 'bench', testMatch: ['<rootDir>/bench/**/*.bench.ts'] },
  ],
};
