import { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import { MIGRATIONS_FOLDER } from '../../src/db/open-database.ts';
import type { SqlConnection } from '../../src/db/sql-connection.ts';

/**
 * A fresh PGlite at the release before `migration`, holding the rows `seed` writes, then migrated
 * to the newest: how a migration's back-fill is tested on data of the old shape.
 */
export async function migratedFrom(
  migration: string,
  seed: string,
): Promise<{ sql: SqlConnection; close(): Promise<void> }> {
  const db = await PGlite.create();
  const sql: SqlConnection = {
    exec: async (text) => void (await db.exec(text)),
    query: async <Row extends Record<string, unknown>>(text: string, params?: unknown[]) =>
      (await db.query<Row>(text, params)).rows,
  };
  const all = readMigrations(MIGRATIONS_FOLDER);
  const index = all.findIndex((m) => m.name === migration);
  expect(index).toBeGreaterThan(0);
  await applyMigrations(sql, all.slice(0, index), { advisoryLock: false });
  await db.exec(seed);
  const report = await applyMigrations(sql, all, { advisoryLock: false });
  expect(report.applied).toContain(migration);
  return { sql, close: () => db.close() };
}
