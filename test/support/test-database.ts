import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/open-database.ts';
import type { StatementHook } from '../../src/db/statement-hook.ts';
import { silentLogger } from '../../src/logger.ts';
import { adminUrl, scratchDatabase, templateDatabase } from './postgres-urls.ts';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Runs one statement on the test server's own database (CREATE and DROP DATABASE need that). */
async function onServer(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * An empty database (not migrated) on the PostgreSQL test server for `run`, dropped afterwards;
 * WITH (FORCE), so connections a failed test left open do not keep it.
 */
export async function withEmptyPostgres<T>(label: string, run: (url: string) => Promise<T>): Promise<T> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = scratchDatabase(inject('postgresRun'), label);
  await onServer(base, `CREATE DATABASE "${name}"`);
  try {
    return await run(adminUrl(base, name));
  } finally {
    await onServer(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/**
 * A migrated database of the test file's own: a copy of the PGlite template folder, or on
 * PostgreSQL (TEST_DATABASE_URL) a database created from the migrated template database.
 */
export interface TestDatabaseOptions {
  poolSize?: number;
  /** Told of every statement the app sends (see open-database.ts). */
  onStatement?: StatementHook;
}

export async function openTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const run = inject('postgresRun');
    const name = scratchDatabase(run, 'file');
    await onServer(url, `CREATE DATABASE "${name}" TEMPLATE "${templateDatabase(run)}"`);
    const db = await openDatabase(
      { kind: 'postgres', url: adminUrl(url, name), poolSize: options.poolSize ?? 10 },
      { log: silentLogger, ...(options.onStatement && { onStatement: options.onStatement }) },
    );
    return {
      ...db,
      async close() {
        await db.close();
        await onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  }
  const template = inject('pgliteTemplate');
  const folder = mkdtempSync(join(resolve('.tally-test'), 'db-'));
  cpSync(template, folder, { recursive: true });
  rmSync(join(folder, 'tally.lock'), { force: true });
  const db = await openDatabase(
    { kind: 'pglite', folder },
    { log: silentLogger, ...(options.onStatement && { onStatement: options.onStatement }) },
  );
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Empties every table (not the migration record) between tests. */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
  );
  await db.prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
}

/**
 * A private copy of the migrated PGlite template folder, for tests of the embedded store itself and
 * for spawned bots: in a new folder, or `into` the folder given (a bot's TALLY_DATA_DIR).
 */
export function copyPgliteTemplate(into?: string): string {
  const folder = into ?? mkdtempSync(join(resolve('.tally-test'), 'folder-'));
  cpSync(inject('pgliteTemplate'), folder, { recursive: true });
  rmSync(join(folder, 'tally.lock'), { force: true });
  return folder;
}
