/** Unit and cloud tests run in node; page/component tests in jsdom (miniprogram-simulate). */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
};
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'node', testEnvironment: 'node', testMatch: ['<rootDir>/tests/{unit,cloud,reliability,build}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      // localcloud and the SDK run in the same process as the pages: resolve their Node builds.
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      testMatch: ['<rootDir>/tests/miniprogram/**/*.test.ts', '<rootDir>/miniprogram/**/test/**/*.test.ts'],
    },
  ],
};
