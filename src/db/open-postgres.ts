import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { connectFailure } from './connect-failure.ts';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database, OpenOptions } from './open-database.ts';
import { listenPostgres } from './postgres-listen.ts';
import { describePostgresUrl, pgConnection } from './postgres-store.ts';
import { createPrismaClient } from './prisma-client.ts';
import { countingClient } from './statement-hook.ts';
import { statementNames } from './statement-names.ts';

const CONNECT_TIMEOUT_MS = 15_000;

/** A pool on the PostgreSQL at `target.url`, after applying pending migrations under the advisory lock. */
export async function openPostgres(
  target: { url: string; poolSize: number },
  migrations: Migration[],
  options: OpenOptions,
): Promise<Database> {
  // A host that drops packets would otherwise keep start-up waiting for ever.
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect().catch((error: unknown) => {
    throw connectFailure(target.url, error);
  });
  try {
    const report = await applyMigrations(pgConnection(client), migrations, { advisoryLock: true });
    if (report.applied.length > 0) options.log.info('migrations applied', { applied: report.applied });
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    ...(options.onStatement && { Client: countingClient(options.onStatement) }),
  });
  // An idle connection the server drops (restart, failover) must not crash the bot: the pool replaces it.
  pool.on('error', (error) => options.log.warn('idle PostgreSQL connection lost', { error: error.message }));
  const prisma = createPrismaClient(new PrismaPg(pool, { statementNameGenerator: statementNames() }));
  return {
    prisma,
    kind: 'postgres',
    where: describePostgresUrl(target.url),
    listen: (channel, onNotify) => listenPostgres(target.url, channel, onNotify, options.log),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
