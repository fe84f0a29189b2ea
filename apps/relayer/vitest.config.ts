import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The command-line tests start Node with tsx, about 2.5 s a run while turbo builds the web app
    // beside them on two cores; vitest's 5 s default fails a test that runs the command twice.
    testTimeout: 60_000,
  },
});
