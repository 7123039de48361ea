import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/prisma-modules.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One module graph per worker, not per file: re-importing the store, the Prisma client and the
    // rest for each of ~190 files cost ~250 s of a run's CPU. The tests share no module state (no
    // vi.mock, no stubbed globals; hooks are registered by the files, not by shared modules).
    isolate: false,
    // Two cores here: more workers only fight over them.
    maxWorkers: 2,
  },
});
