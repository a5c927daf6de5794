// Only `npm run screenshots` runs this project (it needs Chromium afterwards; CI has none):
// it renders the pages of tests/screenshots/spec.ts under miniprogram-simulate and writes HTML.
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testTimeout: 600000,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  testEnvironment: 'jsdom',
  // localcloud and the SDK run in the same process as the pages: resolve their Node builds.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  testMatch: ['<rootDir>/tests/screenshots/**/*.shots.ts'],
};
