// Two projects: fast unit tests inside each workspace, and integration tests that run
// against a real, isolated Fabric network and FerretDB started by test/setup/global-setup.ts.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }];
// Tests use the workspaces' sources, never a possibly stale dist/.
const moduleNameMapper = {
  '^@vanbang/document/node$': '<rootDir>/document/src/node.ts',
  '^@vanbang/chaincode/verify-answer$': '<rootDir>/chaincode/src/diplomas/verify-answer.ts',
  '^@vanbang/(document|network|chaincode|backup|anchoring)$': '<rootDir>/$1/src/index.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      // Only crawl the source folders: var/ holds runtime data (Raft .snap files look like Jest snapshots).
      roots: ['<rootDir>/document', '<rootDir>/chaincode', '<rootDir>/network', '<rootDir>/backup', '<rootDir>/anchoring', '<rootDir>/gateway', '<rootDir>/portal'],
      testMatch: ['<rootDir>/{document,chaincode,network,backup,anchoring,gateway,portal}/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      // testTimeout is not a per-project option: set it for these files in a setup file.
      setupFilesAfterEnv: ['<rootDir>/test/setup/integration-timeout.ts'],
    },
  ],
};
