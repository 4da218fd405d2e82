import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { onPostgres, withEmptyPostgres } from '../support/test-database.ts';

const run = promisify(execFile);
const TEAMS = 1000;
const NOW = '2026-11-25T12:00:00.000Z';

describe.runIf(onPostgres)('two bot processes on one PostgreSQL', () => {
  it('1,000 teams crossing thresholds: every alert delivered once, every resource-hour billed once', async () => {
    await withEmptyPostgres('two', async (url) => {
      const client = new pg.Client({ connectionString: url });
      try {
        const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 }, { log: silentLogger });
        await database.close();
        await client.connect();
        // Each team: one owner with an identity, 1.00–6.00 credits (threshold 5.00), one h100 due now.
        await client.query(
          `INSERT INTO "User" (id, "displayName") SELECT 'u' || i, 'owner' || i FROM generate_series(1, $1) i`,
          [TEAMS],
        );
        await client.query(
          `INSERT INTO "Identity" (id, "userId", platform, "workspaceId", "platformUserId", "displayName") SELECT 'i' || i, 'u' || i, 'test', '', 'U' || i, 'owner' || i FROM generate_series(1, $1) i`,
          [TEAMS],
        );
        await client.query(
          `INSERT INTO "Team" (id, name, "balanceCents", "lowBalanceCents") SELECT 'T' || i, 'team' || i, 100 + (i % 500), 500 FROM generate_series(1, $1) i`,
          [TEAMS],
        );
        await client.query(
          `INSERT INTO "Role" (id, "teamId", key, name, "nameFolded", permissions) SELECT 'r' || i, 'T' || i, 'owner', 'Owner', 'owner', '{}' FROM generate_series(1, $1) i`,
          [TEAMS],
        );
        await client.query(
          `INSERT INTO "Membership" (id, "teamId", "userId", "roleId") SELECT 'm' || i, 'T' || i, 'u' || i, 'r' || i FROM generate_series(1, $1) i`,
          [TEAMS],
        );
        await client.query(
          `INSERT INTO "LedgerEntry" (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey") SELECT 'l' || i, 'T' || i, 'top_up', 100 + (i % 500), 100 + (i % 500), 'seed' FROM generate_series(1, $1) i`,
          [TEAMS],
        );
        await client.query(
          `INSERT INTO "Resource" (id, "teamId", kind, name, "liveName", spec, "hourlyCents", "providerId", "launchedById", "startedAt", "paidUntil")
          SELECT 'x' || i, 'T' || i, 'instance', 'gpu', 'gpu', 'h100', 249, 'sim', 'u' || i, $2::timestamp - interval '1 hour', $2::timestamp FROM generate_series(1, $1) i`,
          [TEAMS, NOW.replace('Z', '')],
        );

        const folder = mkdtempSync(join(resolve('.tally-test'), 'two-'));
        const outputs = [join(folder, 'a.txt'), join(folder, 'b.txt')];
        await Promise.all(
          outputs.map((out) =>
            run(process.execPath, ['--import', 'tsx', 'test/support/run-jobs.ts', url, NOW, out], { timeout: 240_000 }),
          ),
        );
        const lines = outputs.flatMap((file) =>
          existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [],
        );

        const sent = await client.query(`SELECT count(*)::int AS n FROM "OutboxMessage" WHERE status = 'sent'`);
        const pending = await client.query(`SELECT count(*)::int AS n FROM "OutboxMessage" WHERE status <> 'sent'`);
        expect(pending.rows[0].n).toBe(0);
        expect(lines.length).toBe(sent.rows[0].n);
        expect(new Set(lines).size).toBe(lines.length); // nobody got the same message twice
        expect(lines.length).toBeGreaterThan(TEAMS); // every team crossed something: low, critical, runway or suspension

        const charges = await client.query(
          `SELECT "resourceId", count(*)::int AS n FROM "LedgerEntry" WHERE "idempotencyKey" LIKE 'meter:%' GROUP BY "resourceId" HAVING count(*) > 1`,
        );
        expect(charges.rows).toEqual([]);
        const mismatched = await client.query(
          `SELECT t.id FROM "Team" t JOIN "LedgerEntry" l ON l."teamId" = t.id GROUP BY t.id HAVING SUM(l."amountCents") <> MAX(t."balanceCents")`,
        );
        expect(mismatched.rows).toEqual([]);
        const billed = await client.query(
          `SELECT count(*)::int AS n FROM "LedgerEntry" WHERE "idempotencyKey" LIKE 'meter:%'`,
        );
        const suspended = await client.query(`SELECT count(*)::int AS n FROM "Resource" WHERE status = 'suspended'`);
        expect(billed.rows[0].n + suspended.rows[0].n).toBe(TEAMS);
      } finally {
        await client.end().catch(() => {}); // before the drop, so a failed assertion leaves no dangling connection
      }
    });
  }, 300_000);
});
