import { defineConfig } from "vitest/config";

// Three projects: fast unit tests beside the code, integration tests through real boundaries
// (real Python, the local stack on random ports), and browser tests in Debian's chromium. Suites that
// start the whole stack live in packages/local/test (browser ones in its browser/); the integration and
// browser projects each start one shared stack on demand (global-stack.ts), which suites that need
// nothing special of it use instead of starting their own.
const globalStack = "packages/local/test/support/global-stack.ts";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/test/**/*.test.ts"],
          exclude: ["packages/local/test/browser/**"],
          globalSetup: [globalStack],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A poll waits for a state another process makes: 1 s (vitest's default) is short on a loaded machine.
          expect: { poll: { timeout: 5_000 } },
          // Two files at a time, as CI has two cores: every suite must hold on a loaded machine anyway.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "browser",
          include: ["packages/local/test/browser/**/*.test.ts"],
          globalSetup: [globalStack],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The page draws what a poll waits for in its own process, a frame or a message later.
          expect: { poll: { timeout: 5_000 } },
          // Two files at a time too, each with its own chromium: 5.9 min instead of 8.2 idle.
          maxWorkers: 2,
        },
      },
    ],
  },
});
