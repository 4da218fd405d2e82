import type { Db } from '../../src/db/prisma-client.ts';

/** Rows in every table of the schema (not the migration record), to prove a request wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename",
  );
  const union = tables
    .map((t) => `SELECT '${t.tablename}' AS name, count(*)::int AS rows FROM "${t.tablename}"`)
    .join(' UNION ALL ');
  const rows = await db.$queryRawUnsafe<{ name: string; rows: number }[]>(union);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.rows)]));
}
