import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Logger } from '../logger.ts';
import { connectFailure } from './connect-failure.ts';
import { lockFolder } from './folder-lock.ts';
import { applyMigrations, readMigrations } from './migrate.ts';
import { openPgliteWorker } from './pglite-bridge.ts';
import { pgliteConnection } from './pglite-store.ts';
import { listenPostgres } from './postgres-listen.ts';
import { describePostgresUrl, pgConnection } from './postgres-store.ts';
import { createPrismaClient, type PrismaClient } from './prisma-client.ts';
import { countingClient, type StatementHook } from './statement-hook.ts';

const CONNECT_TIMEOUT_MS = 15_000;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, without secrets. */
  where: string;
  /**
   * Calls `onNotify` after each commit that sends NOTIFY on `channel`: from any process on
   * PostgreSQL (on a connection of its own), from this one on PGlite. Returns the stop.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'pglite'; folder: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface OpenOptions {
  log: Logger;
  /** Told when the embedded database is created, which takes several seconds. */
  onFirstBoot?: () => void;
  /** Told of every statement the app's queries send (not the migrations'): tests count round trips with it. */
  onStatement?: StatementHook;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions): Promise<Database> {
  const migrations = readMigrations(MIGRATIONS_FOLDER);
  if (target.kind === 'pglite') {
    const lock = lockFolder(target.folder);
    const pglite = await openPgliteWorker(target.folder, {
      log: options.log,
      onFirstBoot: options.onFirstBoot,
      onStatement: options.onStatement,
    }).catch((error: unknown) => {
      lock.release();
      throw error;
    });
    try {
      const report = await applyMigrations(pgliteConnection(pglite), migrations, { advisoryLock: false });
      if (report.applied.length > 0) options.log.info('migrations applied', { applied: report.applied });
    } catch (error) {
      await pglite.close();
      lock.release();
      throw error;
    }
    // The adapter calls only query, exec and transaction (pglite-prisma-adapter 0.7), which the bridge has.
    const prisma = createPrismaClient(new PrismaPGlite(pglite as unknown as PGlite));
    return {
      prisma,
      kind: 'pglite',
      where: `embedded PGlite in ${target.folder}`,
      async listen(channel, onNotify) {
        const stop = await pglite.listen(channel, onNotify);
        return async () => stop();
      },
      async close() {
        try {
          await prisma.$disconnect();
          await pglite.close();
        } finally {
          lock.release();
        }
      },
    };
  }
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
  const prisma = createPrismaClient(new PrismaPg(pool));
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
