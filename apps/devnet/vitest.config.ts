import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One devnet for the whole suite: deployed once, each test on its own accounts.
    globalSetup: ['test/setup.ts'],
    // Files share the chains, and the hub rate is global state: run them one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
