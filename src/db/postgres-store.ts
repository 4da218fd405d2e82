import type pg from 'pg';
import type { SqlConnection } from './sql-connection.ts';

export function pgConnection(client: pg.Client | pg.PoolClient): SqlConnection {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await client.query<Row>(sql, params)).rows;
    },
  };
}

/** A short, password-free description of a connection string, for logs and messages. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
