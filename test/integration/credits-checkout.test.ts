import { describe, expect, it } from 'vitest';
import { consoleMention } from '../../adapters/console/console-session.ts';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { dispatchLine } from '../../src/dispatch.ts';
import { simulatedCompute } from '../../src/ports/compute.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { PROVISION_GRACE_MS, watchLaunches } from '../../src/resources/watch-launches.ts';
import { countingCompute } from '../support/counting-compute.ts';
import { drainAll } from '../support/drain-all.ts';
import { type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';
import { onPostgres } from '../support/test-database.ts';

async function ledgerMatches(h: Harness, teamId: string) {
  const team = await h.db.team.findUniqueOrThrow({ where: { id: teamId } });
  const sum = await h.db.ledgerEntry.aggregate({ where: { teamId }, _sum: { amountCents: true } });
  expect(sum._sum.amountCents ?? 0).toBe(team.balanceCents);
  const last = await h.db.ledgerEntry.findFirst({
    where: { teamId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  if (last) expect(last.balanceAfterCents).toBeGreaterThanOrEqual(0);
  return team.balanceCents;
}

describe('credits and checkout', () => {
  const h = useHarness({ poolSize: 12 });

  it('a top-up credits the balance, writes the ledger and a numbered invoice with the billing details of that moment', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/team settings type:company company:"Acme Research Ltd" address:"1 Main St, Lyon"');
    const first = await h.run('alice', '/credits add 1,234.50');
    expect(textOf(first)).toContain('Added 1,234.50 credits to Acme. Balance: 1,234.50.');
    expect(textOf(first)).toContain('Invoice: 2026-000001');
    await h.run('alice', '/team settings address:"2 Other St, Paris"');
    expect(textOf(await h.run('alice', '/credits add 0.5'))).toContain('Invoice: 2026-000002');
    const invoice = textOf(await h.run('alice', '/credits invoice 2026-000001'));
    expect(invoice).toContain('Billing address: 1 Main St, Lyon');
    expect(invoice).toContain('Account type: Company (Acme Research Ltd)');
    expect(invoice).toContain('Amount: 1,234.50 USD');
    expect(textOf(await h.run('alice', '/credits invoice 2026-2'))).toContain('Billing address: 2 Other St, Paris');
    expect((await h.run('alice', '/credits invoice 2026-000003')).text).toContain('no invoice 2026-000003');
    expect(await ledgerMatches(h, team.id)).toBe(123_500);
  });

  it('the same idempotency key twice posts once (top-up and checkout)', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 50', 'slack-event-1');
    const replay = await h.run('alice', '/credits add 50', 'slack-event-1');
    expect(textOf(replay)).toContain('Already recorded');
    expect(await h.db.invoice.count()).toBe(1);
    await h.run('alice', '/launch instance h100 one', 'slack-event-2');
    expect(textOf(await h.run('alice', '/launch instance h100 one', 'slack-event-2'))).toContain('Already launched');
    await Promise.all([
      h.run('alice', '/credits add 7', 'slack-event-3'),
      h.run('alice', '/credits add 7', 'slack-event-3'),
    ]);
    expect(await h.db.resource.count()).toBe(1);
    expect(await ledgerMatches(h, team.id)).toBe(5000 - 249 + 700);
    // The same launch twice at once: the second waits for the first's team row lock, then meets
    // its key or its name (the unique index, on PostgreSQL), and answers as the repeat it is.
    const launches = await Promise.all([
      h.run('alice', '/launch instance h100 two', 'slack-event-4'),
      h.run('alice', '/launch instance h100 two', 'slack-event-4'),
    ]);
    expect(launches.map((a) => a.tone)).toEqual(['success', 'success']);
    // The repeat answers with the resource as it is then: launched, or still being launched.
    expect(launches.filter((a) => textOf(a).includes('Already launch'))).toHaveLength(1);
    expect(await h.db.resource.count()).toBe(2);
    expect(await ledgerMatches(h, team.id)).toBe(5000 - 249 + 700 - 249);
  });

  it(
    '200 concurrent checkouts against a balance that covers exactly 50: 50 succeed, balance 0, ledger sums',
    async () => {
      const team = await teamWith(h, 'alice', 'Acme');
      await h.run('alice', '/credits add 124.50'); // 50 × 2.49
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => h.run('alice', `/launch instance h100 gpu-${i}`)),
      );
      expect(answers.filter((a) => a.tone === 'success')).toHaveLength(50);
      expect(answers.filter((a) => a.title === 'Checkout failed')).toHaveLength(150);
      expect(await h.db.resource.count({ where: { teamId: team.id } })).toBe(50);
      expect(await h.db.ledgerEntry.count({ where: { teamId: team.id, kind: 'charge' } })).toBe(50);
      expect(await ledgerMatches(h, team.id)).toBe(0);
    },
    onPostgres ? 60_000 : 120_000,
  );

  it('a failed checkout creates and debits nothing, logs it, and offers the right button', async () => {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'co-owner', carol: 'member' });
    await h.run('alice', '/credits add 3.20');
    const asMember = await h.run('carol', '/launch instance h100x8 train-1 team:Acme');
    expect(asMember.title).toBe('Checkout failed');
    expect(asMember.fields).toEqual([
      { label: 'First hour costs', value: '19.92' },
      { label: 'Balance', value: '3.20' },
      { label: 'Shortfall', value: '16.72' },
    ]);
    expect(asMember.buttons?.map((b) => b.label)).toEqual(['Notify owners']);
    const failures = () => h.sent.filter((s) => s.message.title === 'Checkout failed');
    await drainAll(h.deps, (ms) => h.clock.advance(ms));
    expect(
      failures()
        .map((s) => s.to)
        .sort(),
    ).toEqual(['alice', 'bob']);
    expect(failures()[0]!.message.text).toContain(
      'carol tried to launch instance ‘train-1’ in *Acme*: needs 19.92, balance 3.20.',
    );
    h.clock.advance(MINUTE);
    const asCoOwner = await h.run('bob', '/launch instance h100x8 train-1 team:Acme');
    expect(asCoOwner.buttons?.map((b) => b.label)).toEqual(['Top up']);
    // Within 10 minutes of the first notice, more failures add no message; after, one notice counts them.
    h.clock.advance(MINUTE);
    await h.run('carol', '/launch instance h100x8 train-2 team:Acme');
    await drainAll(h.deps, (ms) => h.clock.advance(ms));
    expect(failures()).toHaveLength(2);
    h.clock.advance(8 * MINUTE);
    await h.run('carol', '/launch instance h100x8 train-3 team:Acme');
    await drainAll(h.deps, (ms) => h.clock.advance(ms));
    expect(
      failures()
        .slice(2)
        .map((s) => s.message.text),
    ).toEqual([
      'carol tried to launch instance ‘train-3’ in *Acme*: needs 19.92, balance 3.20. (2 more failed checkouts since the last notice)',
      'carol tried to launch instance ‘train-3’ in *Acme*: needs 19.92, balance 3.20. (2 more failed checkouts since the last notice)',
    ]);
    expect(await h.db.resource.count()).toBe(0);
    expect(await h.db.auditEntry.count({ where: { action: 'checkout.failed' } })).toBe(4);
    expect(await ledgerMatches(h, team.id)).toBe(320);

    h.sent.length = 0;
    expect(textOf(await h.press('carol', asMember, 'Notify owners'))).toContain('Told alice, bob');
    expect(h.sent.map((s) => s.message.title)).toEqual(['Credits requested', 'Credits requested']);
    h.clock.advance(5 * MINUTE);
    const again = textOf(await h.press('carol', asMember, 'Notify owners')); // pressing again does not flood the owners
    expect(again).toContain('You asked for credits in Acme at');
    expect(again).toContain('You can ask again from');
    expect(h.sent).toHaveLength(2);
    h.clock.advance(6 * MINUTE);
    expect(textOf(await h.press('carol', asMember, 'Notify owners'))).toContain('Told alice, bob');
    expect(h.sent).toHaveLength(4);
  });

  it('launches volumes and inference endpoints at catalog prices; names are unique among live resources', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 100');
    expect(textOf(await h.run('alice', '/launch volume 500 data'))).toContain('Cost: 0.05 per hour');
    expect(textOf(await h.run('alice', '/launch inference llama-3.1-8b chat'))).toContain('Cost: 0.99 per hour');
    expect((await h.run('alice', '/launch instance h100 Chat')).text).toContain(
      'already has a live resource called "chat"',
    );
    expect((await h.run('alice', '/launch instance b200 x')).text).toContain('There is no instance flavor "b200"');
    expect((await h.run('alice', '/launch volume 5 tiny')).text).toContain('between 10 and 65536 GB');
    expect(textOf(await h.run('alice', '/resources stop chat'))).toContain('Stopped chat. Refunded 0.99');
    expect(textOf(await h.run('alice', '/launch instance l40s chat'))).toContain('Launched instance chat');
    expect(await ledgerMatches(h, team.id)).toBe(10_000 - 5 - 99 + 99 - 99);
  });

  it('stopping refunds whole unused minutes; metering charges each further hour once and suspends when money runs out', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 6');
    await h.run('alice', '/launch instance h100 a'); // 6.00 - 2.49 = 3.51
    h.clock.advance(HOUR);
    expect(await meterResources(h.deps)).toEqual({ charged: 1, suspended: [] });
    expect(await meterResources(h.deps)).toEqual({ charged: 0, suspended: [] }); // same period again: nothing
    expect(await ledgerMatches(h, team.id)).toBe(102);
    h.clock.advance(HOUR);
    const third = await meterResources(h.deps);
    expect(third.suspended).toHaveLength(1);
    const resource = await h.db.resource.findFirstOrThrow();
    expect(resource.status).toBe('suspended');
    expect(textOf(await h.run('alice', '/resources'))).toContain('suspended: insufficient credits');
    expect(await ledgerMatches(h, team.id)).toBe(102);

    await h.run('alice', '/credits add 10');
    await h.run('alice', '/launch instance rtx4090 b'); // 0.59 an hour
    h.clock.advance(45 * MINUTE + 30_000);
    const stopped = textOf(await h.run('alice', '/resources stop b'));
    expect(stopped).toContain('Refunded 0.13'); // 14 unused whole minutes × 0.59 / 60 = 0.1376, rounded down
    expect(await ledgerMatches(h, team.id)).toBe(102 + 1000 - 59 + 13);
  });

  it('metering catches up after downtime, one charge per missed hour', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 100');
    await h.run('alice', '/launch instance a100 a'); // 1.49
    h.clock.advance(5 * HOUR + MINUTE);
    const runs = await Promise.all([meterResources(h.deps), meterResources(h.deps)]);
    expect(runs[0]!.charged + runs[1]!.charged).toBe(5);
    expect(await h.db.ledgerEntry.count({ where: { kind: 'charge' } })).toBe(6);
    expect(await ledgerMatches(h, team.id)).toBe(10_000 - 6 * 149);
  });

  it('metering several teams at once charges each hour once, suspends only where money ran out, and keeps every ledger whole', async () => {
    const rich = await teamWith(h, 'alice', 'Rich');
    const poor = await teamWith(h, 'bob', 'Poor');
    await h.run('alice', '/credits add 100');
    await h.run('bob', '/credits add 8');
    for (const name of ['a', 'b', 'c']) {
      await h.run('alice', `/launch instance h100 ${name} team:Rich`);
      await h.run('bob', `/launch instance rtx4090 ${name} team:Poor`); // 0.59 each: 8.00 - 1.77 = 6.23 left
    }
    await h.run('bob', '/launch instance h100 big team:Poor'); // 6.23 - 2.49 = 3.74
    h.clock.advance(2 * HOUR + MINUTE); // two hours due for each of the eight
    const report = await meterResources(h.deps, { concurrency: 4 });
    // Poor pays 3 × 0.59 + 2.49 = 4.26 an hour from 3.74: whatever order, some hours cannot be paid.
    const charged = await h.db.ledgerEntry.count({
      where: { kind: 'charge', idempotencyKey: { startsWith: 'meter:' } },
    });
    expect(report.charged).toBe(charged);
    expect(await h.db.ledgerEntry.count({ where: { teamId: rich.id, idempotencyKey: { startsWith: 'meter:' } } })).toBe(
      6,
    );
    expect(report.suspended.length).toBeGreaterThan(0);
    const poorResources = await h.db.resource.findMany({ where: { teamId: poor.id } });
    expect(
      poorResources
        .filter((r) => r.status === 'suspended')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...report.suspended].sort());
    expect(await ledgerMatches(h, rich.id)).toBe(10_000 - 9 * 249);
    const poorBalance = await ledgerMatches(h, poor.id);
    expect(poorBalance).toBeGreaterThanOrEqual(0);
    // Each suspension found the balance short of that resource's hour, and it only fell after.
    expect(poorBalance).toBeLessThan(
      Math.min(...poorResources.filter((r) => r.status === 'suspended').map((r) => r.hourlyCents)),
    );
    expect(await meterResources(h.deps, { concurrency: 4 })).toEqual({ charged: 0, suspended: [] });
  });

  it('a balance stops at 20,000,000.00 credits with a clear refusal, before any payment is taken', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    for (let i = 0; i < 19; i++) expect((await h.run('alice', '/credits add 1,000,000')).tone).toBe('success');
    expect((await h.run('alice', '/credits add 999,999.99')).tone).toBe('success');
    const refused = await h.run('alice', '/credits add 0.02');
    expect(refused.tone).toBe('error');
    expect(textOf(refused)).toBe(
      'A balance can be at most 20,000,000.00 credits; Acme has 19,999,999.99, so it can take at most 0.01 more.',
    );
    expect((await h.run('alice', '/credits add 0.01')).tone).toBe('success');
    expect(await ledgerMatches(h, team.id)).toBe(2_000_000_000);
    expect(await h.db.invoice.count({ where: { teamId: team.id } })).toBe(21);
  });

  it('a stop after the scheduler was down charges the hours that began meanwhile, once, as far as the balance goes', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 50');
    await h.run('alice', '/launch instance h100 a'); // 47.51
    h.clock.advance(3 * HOUR + 30 * MINUTE); // hours 2, 3 and 4 began; nothing metered them
    expect(textOf(await h.run('alice', '/resources stop a'))).toContain('Refunded 1.24'); // 29 whole unused minutes of hour 4
    expect(await ledgerMatches(h, team.id)).toBe(5000 - 4 * 249 + 124);
    expect(await meterResources(h.deps)).toEqual({ charged: 0, suspended: [] });

    const poor = await teamWith(h, 'bob', 'Poor');
    await h.run('bob', '/credits add 5');
    await h.run('bob', '/launch instance h100 b'); // 2.51 left: pays one more hour, not two
    h.clock.advance(2 * HOUR + 30 * MINUTE);
    const stopped = textOf(await h.run('bob', '/resources stop b'));
    expect(stopped).not.toContain('Refunded');
    expect(await ledgerMatches(h, poor.id)).toBe(500 - 2 * 249);
    expect(await h.db.ledgerEntry.count({ where: { teamId: poor.id, kind: 'charge' } })).toBe(2);
  });

  it('shows balance, burn rate and runway', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 24.90');
    await h.run('alice', '/launch instance h100 a');
    const balance = textOf(await h.run('alice', '/credits'));
    expect(balance).toContain('Balance: 22.41');
    expect(balance).toContain('Burn rate: 2.49 per hour');
    expect(balance).toContain('Runway: 9 h 0 min');
    const unusable = await h.run('alice', '/credits alert 30 #ops'); // plain text: no channel id to post to
    expect(unusable.tone).toBe('error');
    expect(textOf(unusable)).toContain('"#ops" is not a channel I can post to from here: pick one from');
    expect((await h.teamNamed('Acme')).lowBalanceCents).toBe(1000); // nothing changed
    expect(textOf(await h.run('alice', '/credits alert 30 C0OPS123'))).toContain(
      'will alert below 30.00. Alerts go to #C0OPS123',
    );
    expect((await h.teamNamed('Acme')).alertChannel).toBe('C0OPS123');
    expect(textOf(await h.run('alice', '/credits alert 30 channel:none'))).toContain(
      'Alerts go to billing roles by DM.',
    );
    expect((await h.teamNamed('Acme')).alertChannel).toBeNull();
    expect((await h.run('alice', '/credits')).tone).toBe('warning');
    const history = textOf(await h.run('alice', '/credits history'));
    expect(history).toContain('Charge -2.49, first hour of instance');
    expect(history).toContain('balance after 22.41');
    expect(history).toMatch(/Top-up \+24\.90, invoice 2026-000001; balance after 24\.90/);
    expect(history).not.toContain('manual:');
  });

  it('two launches of one name at once: one runs, the other is refused and its machine given back', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 50');
    const { compute, calls } = countingCompute();
    h.deps.compute = compute;
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, () => h.run('alice', '/launch instance h100 train')));
      expect(answers.filter((a) => a.tone === 'success')).toHaveLength(1);
      expect(answers.filter((a) => a.text.includes('already has a live resource called "train"'))).toHaveLength(3);
      expect(calls.provisioned - calls.released.length).toBe(1);
      expect((await h.teamNamed('Acme')).balanceCents).toBe(5000 - 249);
    } finally {
      h.deps.compute = simulatedCompute();
    }
  });
});

describe('a cloud that fails without saying why', () => {
  const h = useHarness();

  it('keeps the reservation, tells the person politely, and the launch watch refunds it when no machine exists', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 10');
    const warnings: string[] = [];
    const log = {
      ...h.deps.log,
      warn: (message: string, fields?: Record<string, unknown>) =>
        void warnings.push(JSON.stringify({ message, ...fields })),
    };
    const broken = {
      ...h.deps,
      log,
      compute: { ...simulatedCompute(), provision: async () => Promise.reject(new Error('provider exploded')) },
    };
    const answer = await dispatchLine(broken, {
      identity: { platform: 'console', workspaceId: 'local', platformUserId: 'alice', displayName: 'alice' },
      line: '/launch instance h100 a',
      resolveMention: consoleMention,
      idempotencyKey: 'k1',
      origin: { platform: 'console' },
    });
    expect(answer.tone).toBe('error');
    expect(textOf(answer)).toContain(
      "The cloud did not answer in time for instance a. Tally keeps checking: you'll get a message when it runs, or your credits back if it never starts.",
    );
    expect(answer.text).not.toContain('provider exploded');
    expect(warnings.some((line) => line.includes('provider exploded'))).toBe(true);
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ name: 'a', status: 'provisioning', liveName: 'a' });
    expect(await ledgerMatches(h, team.id)).toBe(1000 - 249);
    // Too early: the checkout may still be waiting for the cloud.
    expect(await watchLaunches(broken)).toMatchObject({ checked: 0 });
    h.clock.advance(PROVISION_GRACE_MS);
    expect(await watchLaunches(broken)).toMatchObject({ checked: 1, changed: 1 });
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ status: 'failed', liveName: null });
    expect(await ledgerMatches(h, team.id)).toBe(1000);
    await drainAll(h.deps, (ms) => h.clock.advance(ms));
    const told = h.sent.find((s) => s.to === 'alice' && s.message.title === 'Launch failed')!;
    expect(textOf(told.message)).toContain(
      'instance a in Acme could not be started: the cloud has no such machine. The 2.49 credits charged for its first hour are back.',
    );
  });
});
