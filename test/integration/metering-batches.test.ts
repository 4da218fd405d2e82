import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { meterKey } from '../../src/resources/meter-keys.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { sourceText } from '../../src/rich-text.ts';
import { countingCompute } from '../support/counting-compute.ts';
import { type Harness, START, teamWith, useHarness } from '../support/harness.ts';

/** The ledger sums to the balance and every entry's balance after follows from the one before it. */
async function booksOf(h: Harness, teamId: string) {
  const team = await h.db.team.findUniqueOrThrow({ where: { id: teamId } });
  const entries = await h.db.ledgerEntry.findMany({
    where: { teamId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  let balance = 0;
  for (const entry of entries) {
    balance += entry.amountCents;
    expect(entry.balanceAfterCents).toBe(balance);
  }
  expect(balance).toBe(team.balanceCents);
  return { balanceCents: team.balanceCents, charges: entries.filter((e) => e.idempotencyKey.startsWith('meter:')) };
}

async function messagesSeen(h: Harness) {
  const seen: string[] = [];
  const notifier = {
    async sendDirect(to: { platformUserId: string }, m: { text: string }) {
      seen.push(`${to.platformUserId}: ${sourceText(m.text as never)}`);
    },
    async sendToChannel() {},
  };
  // One message a second to each recipient: drain second by second until the queue is empty.
  while ((await h.db.outboxMessage.count({ where: { status: 'pending' } })) > 0) {
    await drainOutbox({ ...h.deps, notifier } as never, { batchSize: 100 });
    h.clock.advance(1000);
  }
  return seen;
}

describe('metering in batches', () => {
  const h = useHarness();

  it('charges several due hours of several resources of one team in one run, once, with a running balance', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 100');
    for (const spec of ['h100', 'a100', 'rtx4090']) await h.run('alice', `/launch instance ${spec} ${spec}`);
    h.clock.advance(3 * HOUR + MINUTE);
    expect(await meterResources(h.deps)).toEqual({ charged: 9, suspended: [] });
    const books = await booksOf(h, team.id);
    expect(books.balanceCents).toBe(10_000 - 4 * (249 + 149 + 59));
    expect(books.charges.map((c) => c.reason).sort()).toEqual(
      ['h100 (h100)', 'a100 (a100)', 'rtx4090 (rtx4090)']
        .flatMap((what) => ['10:00', '11:00', '12:00'].map((at) => `${what} from 2026-11-25 ${at} UTC`))
        .sort(),
    );
    const resources = await h.db.resource.findMany({ where: { teamId: team.id } });
    expect(resources.map((r) => r.paidUntil.getTime())).toEqual(resources.map(() => Date.parse(START) + 4 * HOUR));
    // The keys (made in SQL) are those a stop would use for the same hours.
    expect(books.charges.map((c) => c.idempotencyKey).sort()).toEqual(
      resources.flatMap((r) => [1, 2, 3].map((n) => meterKey(r.id, new Date(Date.parse(START) + n * HOUR)))).sort(),
    );

    // A rerun, or a second process, charges nothing more.
    expect(await meterResources(h.deps)).toEqual({ charged: 0, suspended: [] });
    expect((await booksOf(h, team.id)).charges).toHaveLength(9);
    h.clock.advance(HOUR);
    expect(await meterResources(h.deps)).toEqual({ charged: 3, suspended: [] });
  });

  it('a team that runs out mid-batch pays its earliest hours, has the rest suspended and is told; others pay in full', async () => {
    const poor = await teamWith(h, 'alice', 'Poor');
    const rich = await teamWith(h, 'bob', 'Rich');
    await h.run('alice', '/credits add 10');
    await h.run('bob', '/credits add 100');
    await h.run('alice', '/launch instance h100 a team:Poor'); // 7.51 left
    await h.run('alice', '/launch instance rtx4090 b team:Poor'); // 6.92 left
    await h.run('bob', '/launch instance h100 c team:Rich');
    await messagesSeen(h); // what the launches announced
    const { compute, calls } = countingCompute();
    h.clock.advance(3 * HOUR + MINUTE);
    // Poor owes 3 × 3.08 = 9.24 from 6.92: a, b, a, b paid (critical at 1.35, 0.76 left), then a cannot be, b can.
    const report = await meterResources({ ...h.deps, compute });
    const a = await h.db.resource.findFirstOrThrow({ where: { name: 'a' } });
    expect(report).toEqual({ charged: 5 + 3, suspended: [a.id] });
    expect(calls.released).toEqual([a.providerId]);
    expect(a.status).toBe('suspended');
    expect((await booksOf(h, poor.id)).balanceCents).toBe(17);
    expect((await booksOf(h, rich.id)).balanceCents).toBe(10_000 - 4 * 249);
    expect(await messagesSeen(h)).toEqual([
      'alice: *Poor* is critically low on credits: *1.35* left. Running resources stop when it reaches zero.',
      'alice: Suspended instance ‘a’ (h100) in *Poor*: the next hour costs 2.49 and the balance is 0.76.',
    ]);
    expect(await meterResources({ ...h.deps, compute })).toEqual({ charged: 0, suspended: [] });
  });

  it('a batch that takes a team below its threshold announces it once', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 20');
    await h.run('alice', '/launch instance h100 a'); // 17.51
    await messagesSeen(h);
    h.clock.advance(4 * HOUR + MINUTE);
    expect((await meterResources(h.deps)).charged).toBe(4); // 7.55 left
    expect(await messagesSeen(h)).toEqual([
      'alice: *Acme* is low on credits: *7.55* left, below its threshold of 10.00.',
    ]);
  });

  it('two runs at once charge every hour of every team once', async () => {
    const teams = [];
    for (const name of ['One', 'Two', 'Three']) {
      const team = await teamWith(h, `owner-${name}`, name);
      await h.run(`owner-${name}`, '/credits add 100');
      for (const r of ['x', 'y']) await h.run(`owner-${name}`, `/launch instance rtx4090 ${r}`);
      teams.push(team);
    }
    h.clock.advance(2 * HOUR + MINUTE);
    const runs = await Promise.all([meterResources(h.deps, { batchSize: 2 }), meterResources(h.deps)]);
    expect(runs[0].charged + runs[1].charged).toBe(12);
    for (const team of teams) expect((await booksOf(h, team.id)).balanceCents).toBe(10_000 - 2 * 3 * 59);
  });
});
