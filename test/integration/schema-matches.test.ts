import { readFileSync } from 'node:fs';
import internals from '@prisma/internals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open-database.ts';
import { openTestDatabase } from '../support/test-database.ts';

/**
 * Proves prisma/migrations builds exactly prisma/schema.prisma: every model, column, type,
 * nullability, database default, enum, primary key, unique constraint, index and foreign key.
 * (Hand-written extras the schema language cannot say, the CHECKs on balances, are allowed.)
 */
const { getDMMF } = internals;
type Dmmf = Awaited<ReturnType<typeof getDMMF>>;

const SQL_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
};
const ON_DELETE: Record<string, string> = {
  Cascade: 'CASCADE',
  SetNull: 'SET NULL',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
};

describe('migrations match schema.prisma', () => {
  let database: Database;
  let dmmf: Dmmf;
  const query = <T>(sql: string) => database.prisma.$queryRawUnsafe<T[]>(sql);

  beforeAll(async () => {
    database = await openTestDatabase();
    dmmf = await getDMMF({ datamodel: readFileSync('prisma/schema.prisma', 'utf8') });
  });
  afterAll(() => database.close());

  it('has exactly the tables of the models', async () => {
    const tables = await query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());
  });

  it('has exactly the enums, with their values in order', async () => {
    const rows = await query<{ typname: string; labels: string[] }>(
      'SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname',
    );
    expect(Object.fromEntries(rows.map((r) => [r.typname, r.labels]))).toEqual(
      Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)])),
    );
  });

  it('has every column with its type, nullability and database default', async () => {
    const columns = await query<{
      table_name: string;
      column_name: string;
      is_nullable: string;
      data_type: string;
      udt_name: string;
      column_default: string | null;
      datetime_precision: number | null;
    }>(
      "SELECT table_name, column_name, is_nullable, data_type, udt_name, column_default, datetime_precision FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    const actual = columns.map((c) => ({
      column: `${c.table_name}.${c.column_name}`,
      type:
        c.data_type === 'USER-DEFINED'
          ? c.udt_name
          : c.data_type === 'ARRAY'
            ? `${c.udt_name.slice(1)}[]`
            : c.data_type === 'timestamp without time zone'
              ? `timestamp(${c.datetime_precision}) without time zone`
              : c.data_type,
      nullable: c.is_nullable === 'YES',
      dbDefault: c.column_default !== null,
    }));
    const expected = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
        .map((f) => {
          const base = f.kind === 'enum' ? f.type : SQL_TYPE[f.type]!;
          const fn =
            typeof f.default === 'object' && f.default !== null && 'name' in f.default
              ? (f.default as { name: string }).name
              : undefined;
          return {
            column: `${model.name}.${f.name}`,
            type: f.isList ? `${base === 'text' ? 'text' : base}[]` : base,
            nullable: f.isList || !f.isRequired,
            // uuid() is made by the client; now() and literals live in the database.
            dbDefault: f.hasDefaultValue && fn !== 'uuid' && fn !== 'cuid',
          };
        }),
    );
    const byColumn = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
    expect(actual.sort(byColumn)).toEqual(expected.sort(byColumn));
  });

  it('has every primary key, unique constraint and index, and no others', async () => {
    const rows = await query<{ table: string; unique: boolean; columns: string[] }>(`
      SELECT t.relname::text AS table, ix.indisunique AS unique,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, ix.indexrelid, ix.indisunique`);
    const describe = (table: string, unique: boolean, columns: string[]) =>
      `${table}(${columns.join(',')})${unique ? ' unique' : ''}`;
    const actual = rows.map((r) => describe(r.table, r.unique, r.columns)).sort();
    const expected = dmmf.datamodel.indexes
      .map((i) =>
        describe(
          i.model,
          i.type !== 'normal',
          i.fields.map((f) => f.name),
        ),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('has every foreign key with its delete rule', async () => {
    const rows = await query<{
      table: string;
      columns: string[];
      target: string;
      target_columns: string[];
      on_delete: string;
    }>(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS target,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS target_columns,
             CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' ELSE 'SET DEFAULT' END AS on_delete
      FROM pg_constraint c WHERE c.contype = 'f'`);
    const unquote = (name: string) => name.replaceAll('"', '');
    const actual = rows
      .map(
        (r) =>
          `${unquote(r.table)}(${r.columns.join(',')}) -> ${unquote(r.target)}(${r.target_columns.join(',')}) ON DELETE ${r.on_delete}`,
      )
      .sort();
    const expected = dmmf.datamodel.models
      .flatMap((model) =>
        model.fields
          .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
          .map((f) => {
            const required = f.relationFromFields!.every(
              (name) => model.fields.find((x) => x.name === name)!.isRequired,
            );
            const rule = f.relationOnDelete ? ON_DELETE[f.relationOnDelete]! : required ? 'RESTRICT' : 'SET NULL';
            return `${model.name}(${f.relationFromFields!.join(',')}) -> ${f.type}(${f.relationToFields!.join(',')}) ON DELETE ${rule}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('records each migration as prisma migrate deploy does', async () => {
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
    }
  });
});
