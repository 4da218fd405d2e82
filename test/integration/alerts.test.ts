import { describe, expect, it } from 'vitest';
import { enqueueAlert } from '../../src/alerts/outbox.ts';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { pruneRecords } from '../../src/jobs/prune-records.ts';
import { scanBalances } from '../../src/jobs/scan-balances.ts';
import { DeliveryDeferred, DeliveryRefused, type Notifier } from '../../src/ports/notifier.ts';
import { type Reply, reply } from '../../src/reply.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { sourceText } from '../../src/rich-text.ts';
import { countingCompute } from '../support/counting-compute.ts';
import { drainAll } from '../support/drain-all.ts';
import { type Harness, teamWith, useHarness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

/** A notifier that records deliveries and fails as told. */
function recording(fail: (to: string, attempt: number) => Error | null = () => null) {
  const delivered: { to: string; title: string | undefined }[] = [];
  const tries = new Map<string, number>();
  const notifier: Notifier = {
    async sendDirect(to, message: Reply) {
      const attempt = (tries.get(to.platformUserId) ?? 0) + 1;
      tries.set(to.platformUserId, attempt);
      const error = fail(to.platformUserId, attempt);
      if (error) throw error;
      delivered.push({ to: to.platformUserId, title: message.title });
    },
    async sendToChannel(to, message) {
      delivered.push({ to: `#${to.channelId}`, title: message.title });
    },
  };
  return { notifier, delivered };
}

const drain = (h: Harness, notifier: Notifier) => drainOutbox({ ...h.deps, notifier });
const drainAllOf = (h: Harness, notifier: Notifier) => drainAll({ ...h.deps, notifier }, (ms) => h.clock.advance(ms));

describe('low-balance alerts through the outbox', () => {
  const h = useHarness();

  it('one message per tier per recipient as the balance drains, and a re-arm on top-up', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'co-owner', carol: 'member' });
    await h.run('alice', '/credits alert 10');
    await h.run('alice', '/credits add 12');
    const { notifier, delivered } = recording();
    await h.run('alice', '/launch instance h100 a'); // 12.00 → 9.51: low
    await h.run('alice', '/launch instance h100 b'); // 7.02: still low, nothing new
    await h.run('alice', '/launch instance a100 c'); // 5.53
    await h.run('alice', '/launch instance h100 d'); // 3.04
    await h.run('alice', '/launch instance h100 e'); // 0.55: critical (< 2.50)
    expect(await drainAllOf(h, notifier)).toEqual({ sent: 4, retried: 0, dead: 0 });
    expect(delivered.map((d) => `${d.to} ${d.title}`).sort()).toEqual([
      'alice Balance critical',
      'alice Low balance',
      'bob Balance critical',
      'bob Low balance',
    ]);
    h.clock.advance(HOUR);
    await meterResources(h.deps); // cannot pay: all five suspended, each announced; no new tier (0.55 stays critical)
    await h.run('alice', '/resources stop e'); // suspended: no refund
    expect(await drainAllOf(h, notifier)).toEqual({ sent: 10, retried: 0, dead: 0 });
    expect(new Set(delivered.slice(4).map((d) => d.title))).toEqual(new Set(['Resource suspended']));
    await h.run('alice', '/credits add 20'); // 20.55: back above
    await drainAllOf(h, notifier);
    expect(
      delivered
        .filter((d) => d.title === 'Balance restored')
        .map((d) => d.to)
        .sort(),
    ).toEqual(['alice', 'bob']);
    await h.run('alice', '/launch instance h100x8 big'); // 20.55 - 19.92 = 0.63: critical again, a new crossing
    await drainAllOf(h, notifier);
    expect(delivered.filter((d) => d.title === 'Balance critical')).toHaveLength(4);
    expect(await h.db.outboxMessage.count({ where: { status: 'pending' } })).toBe(0);
  });

  it('goes to the alert channel too, and to nobody without billing.manage', async () => {
    await teamWith(h, 'alice', 'Acme', { carol: 'member' });
    await h.run('alice', '/credits alert 10 C00FAKEOPS');
    const { notifier, delivered } = recording();
    await h.run('alice', '/credits add 5');
    await drain(h, notifier);
    expect(delivered.map((d) => d.to).sort()).toEqual(['#C00FAKEOPS', 'alice']);
  });

  it('retries with backoff, honours Retry-After, and dead-letters after the last try', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'co-owner' });
    const { notifier, delivered } = recording((to, attempt) =>
      to === 'bob' && attempt === 1
        ? new DeliveryDeferred('rate limited', 30_000)
        : to === 'alice'
          ? new Error('channel_not_found')
          : null,
    );
    await h.run('alice', '/credits add 5');
    expect(await drain(h, notifier)).toEqual({ sent: 0, retried: 2, dead: 0 });
    h.clock.advance(29_000);
    expect((await drain(h, notifier)).sent).toBe(0); // not before Retry-After
    h.clock.advance(1_000);
    expect(await drain(h, notifier)).toEqual({ sent: 1, retried: 0, dead: 0 }); // bob, at 30 s; alice waits for her second backoff (10 s after 29 s)
    for (let i = 0; i < 10; i++) {
      h.clock.advance(2 * HOUR);
      await drain(h, notifier);
    }
    expect(delivered.map((d) => d.to)).toEqual(['bob']);
    const dead = await h.db.outboxMessage.findFirstOrThrow({ where: { recipient: 'alice' } });
    expect(dead).toMatchObject({ status: 'dead', attempts: 8, lastError: 'channel_not_found' });
    expect(await h.db.auditEntry.count({ where: { action: 'alert.undeliverable' } })).toBe(1);
  });

  it('a refused delivery (DMs blocked) is dead-lettered at once, with a note in the user log', async () => {
    await teamWith(h, 'alice', 'Acme');
    const { notifier } = recording(() => new DeliveryRefused('alice does not accept DMs from the bot'));
    await h.run('alice', '/credits add 5');
    expect(await drain(h, notifier)).toEqual({ sent: 0, retried: 0, dead: 1 });
    const note = await h.db.auditEntry.findFirstOrThrow({ where: { action: 'alert.undeliverable' } });
    expect(note.details).toMatchObject({ attempts: 1, error: 'alice does not accept DMs from the bot' });
  });

  it('two drains at once never deliver the same row twice', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'co-owner', carol: 'co-owner' });
    const { notifier, delivered } = recording();
    await h.run('alice', '/credits add 5');
    h.clock.advance(MINUTE);
    const [a, b] = await Promise.all([drain(h, notifier), drain(h, notifier)]);
    expect(a.sent + b.sent).toBe(3);
    expect(delivered).toHaveLength(3);
  });

  it('suspension alerts the billing roles and releases the machine', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'co-owner' });
    await h.run('alice', '/credits alert 0');
    await h.run('alice', '/credits add 3');
    await h.run('alice', '/launch instance h100 a');
    const { compute, calls } = countingCompute();
    h.clock.advance(HOUR);
    expect((await meterResources({ ...h.deps, compute })).suspended).toHaveLength(1);
    expect(calls.released).toHaveLength(1);
    const seen: string[] = [];
    await drainOutbox({
      ...h.deps,
      notifier: {
        async sendDirect(to, m) {
          seen.push(`${to.platformUserId}: ${sourceText(m.text)}`);
        },
        async sendToChannel() {},
      },
    });
    expect(seen.sort()).toEqual([
      'alice: Suspended instance ‘a’ (h100) in *Acme*: the next hour costs 2.49 and the balance is 0.51.',
      'bob: Suspended instance ‘a’ (h100) in *Acme*: the next hour costs 2.49 and the balance is 0.51.',
    ]);
  });
});

describe('pacing', () => {
  const h = useHarness();

  it('lets one message a second through to each recipient, in order, also with two drains at once', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits alert 10 C00FAKEOPS');
    for (let n = 1; n <= 5; n++)
      await enqueueAlert(h.db, {
        teamId: team.id,
        alertKey: `test:${n}`,
        message: reply(`alert ${n}`),
        at: h.clock.now(),
      });
    const seen: { to: string; text: string; at: number }[] = [];
    const notifier: Notifier = {
      async sendDirect(to, message) {
        seen.push({ to: to.platformUserId, text: sourceText(message.text), at: h.clock.now().getTime() });
      },
      async sendToChannel(to, message) {
        seen.push({ to: to.channelId, text: sourceText(message.text), at: h.clock.now().getTime() });
      },
    };
    expect((await drain(h, notifier)).sent).toBe(2); // one for alice, one for the channel
    expect((await drain(h, notifier)).sent).toBe(0);
    h.clock.advance(999);
    expect((await drain(h, notifier)).sent).toBe(0);
    h.clock.advance(1);
    expect((await drain(h, notifier)).sent).toBe(2);
    h.clock.advance(1000);
    const [a, b] = await Promise.all([drain(h, notifier), drain(h, notifier)]);
    expect(a.sent + b.sent).toBe(2); // still one each, however many workers
    h.clock.advance(1000);
    expect((await drainAll({ ...h.deps, notifier }, (ms) => h.clock.advance(ms))).sent).toBe(4);
    for (const to of ['alice', 'C00FAKEOPS']) {
      const mine = seen.filter((m) => m.to === to);
      expect(mine.map((m) => m.text)).toEqual(['alert 1', 'alert 2', 'alert 3', 'alert 4', 'alert 5']);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.at - mine[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    }
  });
});

describe('outbox order and leases', () => {
  const h = useHarness();

  it('a recipient gets its messages in order even when the first one has to be retried', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits alert 0'); // only the messages below
    for (let n = 1; n <= 3; n++)
      await enqueueAlert(h.db, {
        teamId: team.id,
        alertKey: `order:${n}`,
        message: reply(`alert ${n}`),
        at: h.clock.now(),
      });
    const seen: string[] = [];
    let failFirst = true;
    const notifier: Notifier = {
      async sendDirect(_to, message) {
        if (failFirst) {
          failFirst = false;
          throw new Error('timeout');
        }
        seen.push(sourceText(message.text));
      },
      async sendToChannel() {},
    };
    expect(await drain(h, notifier)).toEqual({ sent: 0, retried: 1, dead: 0 }); // alert 1 fails: retried in 5 s
    h.clock.advance(1000);
    expect(await drain(h, notifier)).toEqual({ sent: 0, retried: 0, dead: 0 }); // alert 2 waits behind it
    h.clock.advance(4000);
    await drainAllOf(h, notifier);
    expect(seen).toEqual(['alert 1', 'alert 2', 'alert 3']);
  });

  it('a worker that overran its lease does not overwrite what the worker who took the row over recorded', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits alert 0');
    await enqueueAlert(h.db, {
      teamId: team.id,
      alertKey: 'slow',
      message: reply('slow one'),
      at: h.clock.now(),
    });
    let release!: () => void;
    const stuck = new Promise<void>((done) => (release = done));
    const deliveries: string[] = [];
    const slow: Notifier = {
      async sendDirect() {
        await stuck; // a send that hangs past the lease
        deliveries.push('slow worker');
      },
      async sendToChannel() {},
    };
    const fast: Notifier = {
      async sendDirect() {
        deliveries.push('second worker');
      },
      async sendToChannel() {},
    };
    const first = drain(h, slow);
    await waitFor(
      async () => (await h.db.outboxMessage.count({ where: { status: 'sending' } })) === 1,
      'the first claim',
    );
    h.clock.advance(2 * MINUTE + 1000); // the lease (2 minutes) ran out
    expect(await drain(h, fast)).toEqual({ sent: 1, retried: 0, dead: 0 });
    release();
    expect(await first).toEqual({ sent: 0, retried: 0, dead: 0 }); // its outcome is not recorded over the second's
    expect(deliveries).toEqual(['second worker', 'slow worker']); // at least once: the slow send did go out
    expect(await h.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('pruning', () => {
  const h = useHarness();

  it('deletes command records older than a week; keeps every outbox row, whose keys still prevent repeats', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    const daysAgo = (days: number) => new Date(h.clock.now().getTime() - days * DAY);
    const command = (id: string, status: 'received' | 'done', at: Date) => ({
      id,
      platform: 'slack',
      status,
      owner: 'gone',
      invocation: {},
      answer: {},
      receivedAt: at,
      answerBy: at,
    });
    await h.db.inboundCommand.createMany({
      data: [
        command('old-done', 'done', daysAgo(8)),
        command('old-unanswered', 'received', daysAgo(9)),
        command('new', 'done', daysAgo(1)),
      ],
    });
    await h.db.outboxMessage.create({
      data: {
        key: 'balance:old:0:low',
        teamId: team.id,
        platform: 'slack',
        recipient: 'U1',
        payload: {},
        status: 'sent',
        createdAt: daysAgo(400),
        sentAt: daysAgo(400),
      },
    });
    expect(await pruneRecords(h.deps)).toEqual({ commands: 2, idempotentRequests: 0 });
    expect((await h.db.inboundCommand.findMany()).map((c) => c.id)).toEqual(['new']);
    expect(await h.db.outboxMessage.count()).toBe(1);
    expect(await pruneRecords(h.deps)).toEqual({ commands: 0, idempotentRequests: 0 });
  });
});

describe('scanBalances', () => {
  const h = useHarness();

  it('announces a tier a threshold change created, and a runway under a day once', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 40');
    await h.run('alice', '/launch instance h100 a'); // 37.51 left, burning 2.49/h: about 15 h
    const { notifier, delivered } = recording();
    await h.run('alice', '/credits alert 50'); // no ledger movement: the scan notices
    expect(await scanBalances(h.deps)).toEqual({ tiersChanged: 1, runwayAlerts: 1, checkoutDigests: 0 });
    expect(await scanBalances(h.deps)).toEqual({ tiersChanged: 0, runwayAlerts: 0, checkoutDigests: 0 });
    await drainAllOf(h, notifier);
    expect(delivered.map((d) => d.title).sort()).toEqual(['Less than a day of credits', 'Low balance']);
    const runway = await h.db.outboxMessage.findFirstOrThrow({ where: { key: { startsWith: 'runway:' } } });
    expect(sourceText((runway.payload as unknown as Reply).text)).toBe(
      "At the current burn of 2.49/h, *Acme*'s 37.51 lasts about 15 h 3 min: until around 2026-11-26 00:03 UTC.",
    );
  });

  it('turning alerts off (threshold 0) says nothing, not "back above"', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 5'); // low
    const { notifier, delivered } = recording();
    await drainAllOf(h, notifier);
    await h.run('alice', '/credits alert 0');
    await scanBalances(h.deps);
    await drainAllOf(h, notifier);
    expect(delivered.map((d) => d.title)).toEqual(['Low balance']);
    expect((await h.teamNamed('Acme')).alertTier).toBe('none');
  });

  it('the runway alert is armed again once the balance lasts a day, without a low-balance crossing', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits alert 0'); // no low-balance tiers at all
    await h.run('alice', '/credits add 40');
    await h.run('alice', '/launch instance h100 a'); // 37.51 at 2.49/h: about 15 h
    expect((await scanBalances(h.deps)).runwayAlerts).toBe(1);
    await h.run('alice', '/credits add 1000'); // days of runway: re-armed by the next scan
    expect((await scanBalances(h.deps)).runwayAlerts).toBe(0);
    expect((await h.teamNamed('Acme')).runwayAlerted).toBeNull();
    await h.run('alice', '/launch instance h100x8 big'); // 1,017.59 at 22.41/h: about 45 h
    await h.run('alice', '/launch instance h100x8 big2'); // 997.67 at 42.33/h: under a day again
    expect((await scanBalances(h.deps)).runwayAlerts).toBe(1);
    expect((await scanBalances(h.deps)).runwayAlerts).toBe(0);
    expect(await h.db.outboxMessage.count({ where: { key: { startsWith: 'runway:' } } })).toBe(2);
  });
});

describe('checkout-failure digest', () => {
  const h = useHarness();
  const notices = async () =>
    (
      await h.db.outboxMessage.findMany({
        where: { key: { startsWith: 'checkout-failed:' } },
        orderBy: { createdAt: 'asc' },
      })
    ).map((m) => sourceText((m.payload as unknown as Reply).text));

  it('tells at once, counts repeats within 10 minutes of the last notice, and sends the count when the window closes quietly', async () => {
    await teamWith(h, 'alice', 'Acme', { carol: 'member' });
    await h.run('alice', '/credits add 1');
    const fail = (name: string) => h.run('carol', `/launch instance h100 ${name} team:Acme`);
    await fail('one');
    expect(await notices()).toEqual(['carol tried to launch instance ‘one’ in *Acme*: needs 2.49, balance 1.00.']); // no "1 more" for the first
    h.clock.advance(9 * MINUTE + 59_000);
    await fail('two'); // 9:59 after the notice: counted
    h.clock.advance(2_000);
    await fail('three'); // 10:01 after it: told, with the one in between
    expect((await notices())[1]).toBe(
      'carol tried to launch instance ‘three’ in *Acme*: needs 2.49, balance 1.00. (1 more failed checkout since the last notice)',
    );
    h.clock.advance(MINUTE);
    await Promise.all([fail('four'), fail('five')]); // both inside the window: counted, never told twice
    expect(await notices()).toHaveLength(2);
    h.clock.advance(5 * MINUTE);
    expect((await scanBalances(h.deps)).checkoutDigests).toBe(0); // the window is still open
    h.clock.advance(5 * MINUTE);
    expect((await scanBalances(h.deps)).checkoutDigests).toBe(1);
    expect((await notices())[2]).toMatch(
      /^2 more failed checkouts in \*Acme\* since the last notice\. The latest: carol tried to launch instance ‘(four|five)’/,
    );
    expect((await scanBalances(h.deps)).checkoutDigests).toBe(0);
  });
});
