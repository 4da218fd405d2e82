import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { readMigrations } from '../../src/db/migrate.ts';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { startPostgresRun } from './postgres-run.ts';

export const TEST_ROOT = resolve('.tally-test');

/**
 * initdb costs seconds, so it happens once per run (or once per migration set, for PGlite):
 * each test file then copies the migrated template. On PostgreSQL runs (TEST_DATABASE_URL) the
 * teardown drops the databases this run created, and no others.
 */
export default async function setup(project: TestProject) {
  mkdirSync(TEST_ROOT, { recursive: true });
  const fingerprint = createHash('sha256')
    .update(
      readMigrations(MIGRATIONS_FOLDER)
        .map((m) => m.checksum)
        .join(),
    )
    .digest('hex')
    .slice(0, 12);
  const template = join(TEST_ROOT, `template-${fingerprint}`);
  for (const stale of readdirSync(TEST_ROOT).filter(
    (name) => name.startsWith('template-') && join(TEST_ROOT, name) !== template,
  )) {
    rmSync(join(TEST_ROOT, stale), { recursive: true, force: true });
  }
  if (!existsSync(join(template, 'pgdata', 'PG_VERSION'))) {
    rmSync(template, { recursive: true, force: true });
    const db = await openDatabase({ kind: 'pglite', folder: template }, { log: silentLogger });
    await db.close();
  }
  project.provide('pgliteTemplate', template);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  const run = await startPostgresRun(url);
  project.provide('postgresRun', run.prefix);
  return run.dropAll;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** On PostgreSQL runs, the prefix of every database the run creates. */
    postgresRun: string;
  }
}
