import pg from 'pg';
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { adminUrl, newRunPrefix, templateDatabase } from './postgres-urls.ts';

export interface PostgresRun {
  /** Starts the name of every database of this run. */
  prefix: string;
  /** Drops this run's databases, and only them. */
  dropAll(): Promise<void>;
}

async function withAdmin<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl(serverUrl) });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

async function dropRunDatabases(serverUrl: string, prefix: string): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    // starts_with, not LIKE: the prefix's underscores are not wildcards.
    const mine = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [`${prefix}_`],
    );
    for (const { datname } of mine.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/** A new run on the server of `serverUrl`: its migrated template database, which each test file copies. */
export async function startPostgresRun(serverUrl: string): Promise<PostgresRun> {
  const prefix = newRunPrefix();
  const dropAll = () => dropRunDatabases(serverUrl, prefix);
  try {
    await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${templateDatabase(prefix)}"`));
    const template = await openDatabase(
      { kind: 'postgres', url: adminUrl(serverUrl, templateDatabase(prefix)), poolSize: 1 },
      { log: silentLogger },
    );
    await template.close();
  } catch (error) {
    await dropAll();
    throw error;
  }
  return { prefix, dropAll };
}
