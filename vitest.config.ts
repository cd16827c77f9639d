import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test file runs in its own process: integration files start their own emulators on
    // free ports and set the environment before importing the functions.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/integration/**', 'test/browser/**'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'] } },
    ],
  },
});
