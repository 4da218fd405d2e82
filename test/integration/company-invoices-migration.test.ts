import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlConnection } from '../../src/db/sql-connection.ts';
import { migratedFrom } from '../support/migration-database.ts';

const MIGRATION = '20261204200000_company_invoices';

/**
 * 20261204200000_company_invoices on a database of the previous release, whose invoices were
 * numbered per team: each gets a number of the one global series, in the order they were issued
 * and per year of issue, keeps its old number for the old buttons, and the counters go on from there.
 */
describe('migration company_invoices', () => {
  let database: Awaited<ReturnType<typeof migratedFrom>>;
  let sql: SqlConnection;

  beforeAll(async () => {
    database = await migratedFrom(
      MIGRATION,
      `
      INSERT INTO "Team" (id, name, "invoiceCounter") VALUES ('t-acme', 'Acme', 3), ('t-globex', 'Globex', 2);
      INSERT INTO "LedgerEntry" (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey", reason, "createdAt") VALUES
        ('l-1', 't-acme', 'top_up', 1000, 1000, 'k1', 'manual top-up (manual:topup:slack-1)', '2025-12-30T10:00:00Z'),
        ('l-2', 't-globex', 'top_up', 2000, 2000, 'k2', 'manual top-up (manual:topup:slack-2)', '2026-01-02T10:00:00Z'),
        ('l-3', 't-acme', 'top_up', 3000, 4000, 'k3', 'manual top-up (manual:topup:slack-3)', '2026-02-01T10:00:00Z'),
        ('l-4', 't-acme', 'top_up', 4000, 8000, 'k4', 'odd reason', '2026-03-01T10:00:00Z'),
        ('l-5', 't-globex', 'top_up', 5000, 7000, 'k5', 'manual top-up (card:pi_123)', '2026-03-01T10:00:00Z');
      INSERT INTO "Invoice" (id, "teamId", number, "ledgerEntryId", "amountCents", "teamName", "billingAddress",
                             "accountType", "paymentMethod", "createdAt") VALUES
        ('i-1', 't-acme', 1, 'l-1', 1000, 'Acme', '', 'individual', 'manual', '2025-12-30T10:00:00Z'),
        ('i-2', 't-globex', 1, 'l-2', 2000, 'Globex', '', 'individual', 'manual', '2026-01-02T10:00:00Z'),
        ('i-3', 't-acme', 2, 'l-3', 3000, 'Acme', '', 'individual', 'manual', '2026-02-01T10:00:00Z'),
        ('i-4', 't-acme', 3, 'l-4', 4000, 'Acme', '', 'individual', 'manual', '2026-03-01T10:00:00Z'),
        ('i-5', 't-globex', 2, 'l-5', 5000, 'Globex', '', 'individual', 'manual', '2026-03-01T10:00:00Z');
    `,
    );
    sql = database.sql;
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it('numbers existing invoices in the order they were issued, per year, keeping the old number', async () => {
    const rows = await sql.query(
      `SELECT id, number, "legacyNumber", currency, "paymentReference", "paidAt" = "createdAt" AS paid
       FROM "Invoice" ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: 'i-1',
        number: '2025-000001',
        legacyNumber: 1,
        currency: 'USD',
        paymentReference: 'manual:topup:slack-1',
        paid: true,
      },
      {
        id: 'i-2',
        number: '2026-000001',
        legacyNumber: 1,
        currency: 'USD',
        paymentReference: 'manual:topup:slack-2',
        paid: true,
      },
      {
        id: 'i-3',
        number: '2026-000002',
        legacyNumber: 2,
        currency: 'USD',
        paymentReference: 'manual:topup:slack-3',
        paid: true,
      },
      // Two at the same instant: by id. A reason not of the usual shape leaves the reference empty.
      { id: 'i-4', number: '2026-000003', legacyNumber: 3, currency: 'USD', paymentReference: '', paid: true },
      {
        id: 'i-5',
        number: '2026-000004',
        legacyNumber: 2,
        currency: 'USD',
        paymentReference: 'card:pi_123',
        paid: true,
      },
    ]);
  });

  it('continues each year where its invoices end, and drops the per-team counter', async () => {
    expect(await sql.query('SELECT series, year, last FROM "DocumentCounter" ORDER BY year')).toEqual([
      { series: 'invoice', year: 2025, last: 1 },
      { series: 'invoice', year: 2026, last: 4 },
    ]);
    const columns = await sql.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Team' AND column_name = 'invoiceCounter'`,
    );
    expect(columns).toEqual([]);
  });
});
