import { describe, expect, it } from 'vitest';
import { scanBalances } from '../../src/jobs/scan-balances.ts';
import { START, useHarness } from '../support/harness.ts';

describe('the balance scan in batches', () => {
  const h = useHarness();

  it('brings thousands of teams in line at once: one low-balance and one runway alert each, counted once', async () => {
    // 2,500 teams (more than one batch) at 5.00 with a threshold of 10.00, each burning 2.49/h.
    await h.db.$executeRawUnsafe(`
      INSERT INTO "Team" (id, name, "balanceCents", "lowBalanceCents", "alertChannel", "alertChannelPlatform")
      SELECT 'T' || i, 'team ' || i, 500, 1000, 'C' || i, 'console' FROM generate_series(1, 2500) i`);
    await h.db.$executeRawUnsafe(`
      INSERT INTO "LedgerEntry" (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey")
      SELECT gen_random_uuid()::text, 'T' || i, 'top_up', 500, 500, 'seed' FROM generate_series(1, 2500) i`);
    await h.db.$executeRawUnsafe(
      `INSERT INTO "Resource" (id, "teamId", kind, name, "liveName", spec, "hourlyCents", "providerId", "launchedById",
        "startedAt", "paidUntil")
      SELECT 'R' || i, 'T' || i, 'instance', 'r', 'r', 'h100', 249, 'sim-' || i, 'seed', $1::timestamp, $1::timestamp
      FROM generate_series(1, 2500) i`,
      START,
    );
    expect(await scanBalances(h.deps, { concurrency: 2 })).toEqual({
      tiersChanged: 2500,
      runwayAlerts: 2500,
      checkoutDigests: 0,
    });
    expect(await scanBalances(h.deps, { concurrency: 2 })).toEqual({
      tiersChanged: 0,
      runwayAlerts: 0,
      checkoutDigests: 0,
    });
    const queued = await h.db.outboxMessage.groupBy({ by: ['teamId'], _count: true });
    expect(queued).toHaveLength(2500);
    expect(queued.every((team) => team._count === 2)).toBe(true);
    const one = await h.db.outboxMessage.findMany({ where: { teamId: 'T7' }, orderBy: { key: 'asc' } });
    expect(one.map((m) => [m.key.split(':')[0], m.recipient, (m.payload as { title: string }).title])).toEqual([
      ['balance', 'C7', 'Low balance'],
      ['runway', 'C7', 'Less than a day of credits'],
    ]);
    expect((await h.db.team.findUniqueOrThrow({ where: { id: 'T7' } })).alertTier).toBe('low');
  });
});
