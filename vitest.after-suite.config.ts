import { defineConfig } from "vitest/config";

/** Checks that read what the whole suite left behind (run after it by `npm test`; no global setup). */
export default defineConfig({
  test: {
    include: ["tests/after-suite/**/*.check.ts"],
    testTimeout: 60_000,
  },
});
