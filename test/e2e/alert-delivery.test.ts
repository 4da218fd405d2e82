import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { USERS } from '../fixtures/slack-payloads.ts';
import { useSlack } from '../support/slack-harness.ts';

describe('alert delivery through the real Slack client, with faults', () => {
  const s = useSlack('http');

  it('waits out a 429 Retry-After and a 500, then delivers each DM exactly once', async () => {
    await s.command('alice', '/team', 'create Acme');
    let calls = 0;
    s.fake.overrides.set('chat.postMessage', () => {
      calls++;
      if (calls === 1) return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '30' } };
      if (calls === 2) return { status: 500, body: { ok: false, error: 'internal_error' } };
      s.fake.overrides.delete('chat.postMessage');
      return { status: 200, body: { ok: true, channel: `D${USERS.alice.id}`, ts: '1.2' } };
    });
    await s.command('alice', '/credits', 'add 5'); // below the 10.00 threshold: one low-balance alert for alice
    const deps = s.h.deps;
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 1, dead: 0 }); // 429
    s.h.clock.advance(29_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 0, dead: 0 }); // not before Retry-After
    s.h.clock.advance(1_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 1, dead: 0 }); // 500
    s.h.clock.advance(10_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 1, retried: 0, dead: 0 });
    s.h.clock.advance(60 * 60_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 0, dead: 0 });
    const dms = s.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === `D${USERS.alice.id}`);
    expect(dms).toHaveLength(3); // two refused tries, one delivery
    expect(JSON.stringify(dms[2]!.args.blocks)).toContain('is low on credits');
  });
});
