// One Jest, three test sizes told apart by file name (house style): *.spec.ts are pure,
// *.int-spec.ts talk to the real Postgres/Redis/NATS, *.e2e-spec.ts go through HTTP/NATS.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@madoguchi/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@madoguchi/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
    '^@madoguchi/platform$': '<rootDir>/libs/platform/src/index.ts',
    '^@madoguchi/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'] },
  ],
};
