import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type DatabaseTarget, openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { copyPgliteTemplate, onPostgres, withEmptyPostgres } from './test-database.ts';

/** The database a spawned bot uses, opened by the test while no bot runs on it. */
export async function withDatabase<T>(
  target: DatabaseTarget,
  read: (db: Awaited<ReturnType<typeof openDatabase>>['prisma']) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(target, { log: silentLogger });
  try {
    return await read(database.prisma);
  } finally {
    await database.close();
  }
}

/**
 * Runs `scenario` on a database of its own for spawned bots: PostgreSQL with TEST_DATABASE_URL (a
 * database named with `prefix`), else a PGlite folder (with the console's downloads beside it).
 */
export async function onTestDatabase(
  prefix: string,
  scenario: (env: Record<string, string>, target: DatabaseTarget) => Promise<void>,
) {
  if (onPostgres)
    return withEmptyPostgres(prefix, (url) => scenario({ DATABASE_URL: url }, { kind: 'postgres', url, poolSize: 1 }));
  const folder = copyPgliteTemplate();
  try {
    await scenario(
      { TALLY_DATA_DIR: folder, TALLY_DOWNLOADS_DIR: join(folder, 'downloads') },
      { kind: 'pglite', folder },
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
