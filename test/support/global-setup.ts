import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createHash } from 'node:crypto';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/open-database.ts';
import { readMigrations } from '../../src/db/migrate.ts';
import { silentLogger } from '../../src/logger.ts';
import { adminUrl, TEMPLATE_DATABASE } from './postgres-urls.ts';

export const TEST_ROOT = resolve('.tally-test');

/**
 * initdb costs seconds, so it happens once per run (or once per migration set, for PGlite):
 * each test file then copies the migrated template.
 */
export default async function setup(project: TestProject) {
  mkdirSync(TEST_ROOT, { recursive: true });
  const fingerprint = createHash('sha256').update(readMigrations(MIGRATIONS_FOLDER).map((m) => m.checksum).join()).digest('hex').slice(0, 12);
  const template = join(TEST_ROOT, `template-${fingerprint}`);
  for (const stale of readdirSync(TEST_ROOT).filter((name) => name.startsWith('template-') && join(TEST_ROOT, name) !== template)) {
    rmSync(join(TEST_ROOT, stale), { recursive: true, force: true });
  }
  if (!existsSync(join(template, 'pgdata', 'PG_VERSION'))) {
    rmSync(template, { recursive: true, force: true });
    const db = await openDatabase({ kind: 'pglite', folder: template }, { log: silentLogger });
    await db.close();
  }
  project.provide('pgliteTemplate', template);
  await preparePostgresTemplate();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** On PostgreSQL runs: a migrated template database each test file copies. */
async function preparePostgresTemplate() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  const leftovers = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'tally_t\\_%'");
  for (const { datname } of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = await openDatabase({ kind: 'postgres', url: adminUrl(url, TEMPLATE_DATABASE), poolSize: 1 }, { log: silentLogger });
  await template.close();
}
