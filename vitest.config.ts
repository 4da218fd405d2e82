import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Each worker process runs file after file without importing src/, Prisma's client and the
    // support code again for each (about 1 s a file on 2 cores, 100 s a run). Files share nothing
    // but those modules: each opens its own database in beforeAll and closes it in afterAll. A file
    // that changes process-wide state (vi.mock, fake timers, process.env) must undo it in afterAll.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      // Pure functions: no database, so no template to prepare (`npx vitest run --project unit`).
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'database',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
