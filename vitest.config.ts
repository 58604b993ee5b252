import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure code, real git and real files; no servers) and `integration` (real
 * Kafka and a real schema registry, started once per run by `test/infra/servers.ts`, and a real
 * PostgreSQL, started by `test/infra/postgres.ts`, through the repo's scripts). `pnpm test` runs both; `pnpm test --project unit` skips the servers locally.
 */
const integrationTests = [
  'test/infra/**/*.test.ts',
  'test/registry/**/*.test.ts',
  'test/kafka/**/*.test.ts',
  'test/replay-postgres/**/*.test.ts',
  'test/registry-cli/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: integrationTests },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integrationTests,
          globalSetup: ['test/infra/servers.ts', 'test/infra/postgres.ts'],
          // The servers are shared: one file at a time keeps topic and subject traffic predictable on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
