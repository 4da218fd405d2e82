import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import type { Deps } from '../../src/deps.ts';
import { type OutboxPumpOptions, startOutboxDelivery } from '../../src/jobs/outbox-pump.ts';
import type { ChannelRef, IdentityRef } from '../../src/ports/notifier.ts';
import type { Reply } from '../../src/reply.ts';
import { useHarness } from '../support/harness.ts';
import { onPostgres } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const FALLBACK_MS = 60_000; // longer than any test here: what arrives, arrives because it was announced

describe('the outbox drains when alerts are queued, not on a clock', () => {
  const h = useHarness();
  const delivered: { to: string; text: string; at: number }[] = [];
  let stop: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await stop?.();
    stop = undefined;
    delivered.length = 0;
  });

  async function start(options: OutboxPumpOptions = {}) {
    const record = (to: string, message: Reply) => {
      delivered.push({ to, text: String(message.text), at: Date.now() });
    };
    const deps: Deps = {
      ...h.deps,
      clock: systemClock,
      notifier: {
        async sendDirect(to: IdentityRef, message: Reply) {
          record(to.platformUserId, message);
        },
        async sendToChannel(to: ChannelRef, message: Reply) {
          record(`#${to.channelId}`, message);
        },
      },
    };
    const outbox = await startOutboxDelivery(deps, h.database.listen, { fallbackMs: FALLBACK_MS, ...options });
    stop = () => outbox.stop();
  }

  async function queue(teamId: string, messages: { to: string; text: string }[]) {
    await h.db.$transaction(async (tx) => {
      await tx.outboxMessage.createMany({
        data: messages.map((m, i) => ({
          key: `wake:${m.to}:${m.text}`,
          teamId,
          platform: 'console',
          workspaceId: 'local',
          recipient: m.to,
          payload: { text: m.text },
          createdAt: new Date(Date.now() + i), // the order they happened in
          nextAttemptAt: new Date(),
        })),
      });
    });
  }

  async function until(condition: () => boolean, ms: number) {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await sleep(20);
  }

  const teamId = async () => {
    await h.run('alice', '/team create Acme');
    return (await h.teamNamed('Acme')).id;
  };

  it('idle, it does not drain every second; a queued alert is delivered at once', async () => {
    const team = await teamId();
    let drains = 0;
    await start({ onDrain: () => drains++ });
    await sleep(3_500);
    expect(drains).toBe(1); // the drain at start, for what an earlier process left; none since
    const queued = Date.now();
    await queue(team, [{ to: 'U1', text: 'low balance' }]);
    await until(() => delivered.length === 1, 5_000);
    expect(delivered.map((d) => [d.to, d.text])).toEqual([['U1', 'low balance']]);
    expect(delivered[0]!.at - queued).toBeLessThan(1_500);
  });

  it('a rolled-back alert wakes nobody', async () => {
    const team = await teamId();
    let drains = 0;
    await start({ onDrain: () => drains++ });
    await sleep(300);
    await h.db
      .$transaction(async (tx) => {
        await tx.outboxMessage.create({
          data: { key: 'gone', teamId: team, platform: 'console', workspaceId: 'local', recipient: 'U1', payload: {} },
        });
        throw new Error('the event that caused it failed');
      })
      .catch(() => {});
    await sleep(1_000);
    expect(drains).toBe(1);
    expect(delivered).toEqual([]);
  });

  it('a burst of 100 alerts goes out in order, each recipient at most once a second', async () => {
    const team = await teamId();
    await start();
    const burst = Array.from({ length: 100 }, (_, i) => ({ to: `U${i % 25}`, text: `alert ${i}` }));
    const started = Date.now();
    await queue(team, burst);
    await until(() => delivered.length === 100, 20_000);
    expect(delivered).toHaveLength(100);
    expect(Date.now() - started).toBeLessThan(15_000); // 4 a recipient: about 3 s, far under the fallback poll
    // A row is marked sent just after its message is handed over: wait for the last marks.
    await waitFor(async () => (await h.db.outboxMessage.count({ where: { status: 'sent' } })) === 100, 'sent', 5_000);
    const rows = await h.db.outboxMessage.findMany({ orderBy: [{ recipient: 'asc' }, { createdAt: 'asc' }] });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    for (let i = 1; i < rows.length; i++) {
      const [before, after] = [rows[i - 1]!, rows[i]!];
      if (before.recipient !== after.recipient) continue;
      expect(after.sentAt!.getTime() - before.sentAt!.getTime()).toBeGreaterThanOrEqual(1_000);
    }
    for (let r = 0; r < 25; r++) {
      const texts = delivered.filter((d) => d.to === `U${r}`).map((d) => d.text);
      expect(texts).toEqual([0, 1, 2, 3].map((k) => `alert ${r + 25 * k}`));
    }
  }, 30_000);

  it('a retry due later is sent when due, without a poll in between', async () => {
    const team = await teamId();
    // Far enough ahead that a slow start on a loaded machine still drains once before it is due.
    const due = Date.now() + 5_000;
    await h.db.outboxMessage.create({
      data: {
        key: 'later',
        teamId: team,
        platform: 'console',
        workspaceId: 'local',
        recipient: 'U9',
        payload: { text: 'retried' },
        attempts: 1,
        nextAttemptAt: new Date(due),
      },
    });
    let drains = 0;
    await start({ onDrain: () => drains++ });
    await until(() => delivered.length === 1, 12_000);
    expect(delivered.map((d) => d.text)).toEqual(['retried']);
    expect(delivered[0]!.at).toBeGreaterThanOrEqual(due);
    expect(delivered[0]!.at - due).toBeLessThan(2_500);
    // At start (not yet due) and when due, perhaps once more as the listener connects: a poll every second would be 5.
    expect(drains).toBeLessThanOrEqual(3);
  });

  it('with nothing due the fallback only looks; a row whose notification was lost is drained by it', async () => {
    const team = await teamId();
    let drains = 0;
    const deaf = async () => async () => {}; // a listener that never hears: only the fallback finds rows
    const outbox = await startOutboxDelivery(
      {
        ...h.deps,
        clock: systemClock,
        notifier: {
          async sendDirect(to: IdentityRef, message: Reply) {
            delivered.push({ to: to.platformUserId, text: String(message.text), at: Date.now() });
          },
          async sendToChannel() {},
        },
      },
      deaf,
      { fallbackMs: 300, onDrain: () => drains++ },
    );
    stop = () => outbox.stop();
    await sleep(1_500);
    expect(drains).toBe(1); // the drain at start; the fallbacks since found nothing due and claimed nothing
    await queue(team, [{ to: 'U2', text: 'unannounced' }]);
    // The drain is counted once it has marked the row sent, just after handing the message over.
    await until(() => delivered.length === 1 && drains >= 2, 5_000);
    expect(delivered.map((d) => [d.to, d.text])).toEqual([['U2', 'unannounced']]);
  });
});

describe.runIf(onPostgres)('two processes on one PostgreSQL', () => {
  const h = useHarness();

  it('an alert another process queues is delivered here at once, through NOTIFY', async () => {
    await h.run('alice', '/team create Acme');
    const team = (await h.teamNamed('Acme')).id;
    const [{ name }] = await h.db.$queryRaw<[{ name: string }]>`SELECT current_database() AS name`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const delivered: { text: string; at: number }[] = [];
    const deps: Deps = {
      ...h.deps,
      clock: systemClock,
      notifier: {
        async sendDirect(_to: IdentityRef, message: Reply) {
          delivered.push({ text: String(message.text), at: Date.now() });
        },
        async sendToChannel() {},
      },
    };
    const outbox = await startOutboxDelivery(deps, h.database.listen, { fallbackMs: FALLBACK_MS });
    try {
      // The other process: a bare pg client queuing a row, as any writer (a job in raw SQL) may.
      const script = `
        import pg from 'pg';
        const client = new pg.Client({ connectionString: process.argv[1] });
        await client.connect();
        await client.query(\`INSERT INTO "OutboxMessage"
            (id, key, "teamId", platform, "workspaceId", recipient, payload)
          VALUES (gen_random_uuid(), 'elsewhere', $1, 'console', 'local', 'U1', '{"text":"from elsewhere"}')\`,
          [process.argv[2]]);
        await client.end();
        console.log(Date.now());`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, url.toString(), team]);
      const queued = Number(stdout.trim());
      const deadline = Date.now() + 5_000;
      while (delivered.length === 0 && Date.now() < deadline) await sleep(20);
      expect(delivered.map((d) => d.text)).toEqual(['from elsewhere']);
      expect(delivered[0]!.at - queued).toBeLessThan(1_500);
    } finally {
      await outbox.stop();
    }
  });
});
