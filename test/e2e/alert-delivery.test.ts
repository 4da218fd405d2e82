import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import type { Notifier } from '../../src/ports/notifier.ts';
import { notifiersByPlatform } from '../../src/ports/platform-notifiers.ts';
import { DISCORD_USERS } from '../fixtures/discord-payloads.ts';
import { USERS } from '../fixtures/slack-payloads.ts';
import { embedText, useDiscord } from '../support/discord-harness.ts';
import type { Recorded } from '../support/fake-discord.ts';
import { useSlack } from '../support/slack-harness.ts';

describe('alert delivery through the real Slack client, with faults', () => {
  const s = useSlack('http');

  it('waits out a 429 Retry-After and a 500, then delivers each DM exactly once', async () => {
    await s.command('alice', '/team', 'create Acme');
    let calls = 0;
    s.fake.overrides.set('chat.postMessage', () => {
      calls++;
      if (calls === 1)
        return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '30' } };
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

  it('a Slack API that does not answer in time is tried again, and the DM is delivered once', async () => {
    await s.command('alice', '/team', 'create Acme');
    s.fake.overrides.set('chat.postMessage', () => {
      s.fake.overrides.delete('chat.postMessage');
      return { status: 200, body: { ok: true, ts: 'late' }, delayMs: 3000 }; // past the client's 1 s timeout
    });
    await s.command('alice', '/credits', 'add 5');
    expect(await drainOutbox(s.h.deps)).toEqual({ sent: 0, retried: 1, dead: 0 });
    s.h.clock.advance(5_000);
    expect(await drainOutbox(s.h.deps)).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(s.fake.callsOf('chat.postMessage')).toHaveLength(2);
  });
});

describe('alert delivery through the real Slack client: a channel the bot is not in', () => {
  const s = useSlack('http');

  it('is given up at once with a note in the team log, while the DMs go out', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'alert 10 <#C00NOTIN|ops>');
    await s.command('alice', '/credits', 'add 5'); // low: one alert for alice's DM, one for the channel
    s.fake.overrides.set('chat.postMessage', () => {
      const channel = s.fake.callsOf('chat.postMessage').at(-1)?.args.channel; // the call being answered
      return channel === 'C00NOTIN'
        ? { status: 200, body: { ok: false, error: 'not_in_channel' } }
        : { status: 200, body: { ok: true, ts: '1.1' } };
    });
    expect(await drainOutbox(s.h.deps)).toEqual({ sent: 1, retried: 0, dead: 1 });
    const note = await s.h.db.auditEntry.findFirstOrThrow({ where: { action: 'alert.undeliverable' } });
    expect(note.target).toBe('slack #C00NOTIN');
    expect(JSON.stringify(note.details)).toContain('not_in_channel');
  });
});

/** A notifier of another platform, running beside the real one: it must be handed nothing. */
function otherPlatform(got: string[]): Notifier {
  return {
    async sendDirect(to) {
      got.push(`@${to.platformUserId}`);
    },
    async sendToChannel(to) {
      got.push(`#${to.channelId}`);
    },
  };
}

describe('alert delivery through the real Slack client: the platform that set the channel posts to it', () => {
  const s = useSlack('http');

  it('a channel picked in Slack is posted by Slack, and nothing is handed to Discord', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'alert 10 <#C00FAKEOPS|ops>');
    await s.command('alice', '/credits', 'add 5'); // low: alice's DM and #ops, both on Slack
    const discord: string[] = [];
    const notifier = notifiersByPlatform([
      ['slack', s.h.deps.notifier],
      ['discord', otherPlatform(discord)],
    ]);
    expect(await drainOutbox({ ...s.h.deps, notifier })).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(s.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C00FAKEOPS')).toHaveLength(1);
    expect(discord).toEqual([]);
  });

  it('an all-digit id typed in Slack is refused, not taken for a Discord channel', async () => {
    await s.command('alice', '/team', 'create Acme');
    const answer = await s.command('alice', '/credits', 'alert 10 100000000000000777');
    expect(answer.text).toContain('is not a channel I can post to from here');
    expect(await s.h.db.team.findFirstOrThrow({ where: { name: 'Acme' } })).toMatchObject({
      lowBalanceCents: 1000,
      alertChannel: null,
    });
  });
});

describe('alert delivery through the real discord.js REST client, with faults', () => {
  const d = useDiscord();
  const aliceDm = `9${DISCORD_USERS.alice.slice(1)}`;
  const postsTo = (channel: string) =>
    d.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

  /** Faults for posts to one channel, in order; later posts are answered normally. */
  function faults(
    channel: string,
    answers: { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number }[],
  ) {
    d.fake.fault = (request: Recorded) =>
      request.method === 'POST' && request.path === `/channels/${channel}/messages` ? answers.shift() : undefined;
  }

  it('a 429 with retry_after, a 500 and a timeout: nothing sent before Discord allows it, then exactly once', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    faults(aliceDm, [
      {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 30, global: false },
        headers: { 'retry-after': '30', 'x-ratelimit-scope': 'user' },
      },
      { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      { status: 200, body: {}, delayMs: 3000 },
    ]);
    await d.command('alice', 'credits', ['add'], { amount: '5' }); // below the threshold: a low-balance DM for alice
    const deps = d.h.deps;
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 1, dead: 0 }); // 429
    d.h.clock.advance(29_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 0, dead: 0 }); // not before retry_after
    d.h.clock.advance(1_100);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 1, dead: 0 }); // 500
    d.h.clock.advance(10_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 1, dead: 0 }); // timeout
    d.h.clock.advance(20_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 1, retried: 0, dead: 0 });
    d.h.clock.advance(60 * 60_000);
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retried: 0, dead: 0 });
    const posts = postsTo(aliceDm);
    expect(posts).toHaveLength(4); // three faulted tries, one delivery
    expect(JSON.stringify(posts[3]!.body)).toContain('is low on credits');
    const row = await d.h.db.outboxMessage.findFirstOrThrow({ where: { recipient: DISCORD_USERS.alice } });
    expect(row).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('dead-letters after the last try, with an entry in the team log', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    d.fake.fault = (request) =>
      request.path === `/channels/${aliceDm}/messages`
        ? { status: 502, body: { message: 'Bad Gateway', code: 0 } }
        : undefined;
    await d.command('alice', 'credits', ['add'], { amount: '5' });
    const reports = [];
    for (let i = 0; i < 8; i++) {
      reports.push(await drainOutbox(d.h.deps));
      d.h.clock.advance(60 * 60_000);
    }
    expect(reports.map((r) => (r.dead ? 'dead' : r.retried ? 'retry' : 'none'))).toEqual([
      ...Array(7).fill('retry'),
      'dead',
    ]);
    expect(await drainOutbox(d.h.deps)).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(postsTo(aliceDm)).toHaveLength(8);
    const logged = await d.h.db.auditEntry.findFirstOrThrow({ where: { action: 'alert.undeliverable' } });
    expect(logged.target).toBe(`discord @${DISCORD_USERS.alice}`);
    expect(JSON.stringify(logged.details)).toContain('"attempts":8');
  });

  it('an alert channel the bot may not post in is given up at once and logged', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const channel = '100000000000000777';
    await d.command('alice', 'credits', ['alert'], { threshold: '10', channel: `<#${channel}>` });
    d.fake.fault = (request) =>
      request.path === `/channels/${channel}/messages`
        ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } }
        : undefined;
    await d.command('alice', 'credits', ['add'], { amount: '5' });
    expect(await drainOutbox(d.h.deps)).toEqual({ sent: 1, retried: 0, dead: 1 }); // alice's DM goes; the channel is refused for good
    expect((await d.h.db.auditEntry.findFirstOrThrow({ where: { action: 'alert.undeliverable' } })).target).toBe(
      `discord #${channel}`,
    );
  });

  it('a channel picked in Discord is posted by Discord, and nothing is handed to Slack', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const channel = '100000000000000888';
    await d.command('alice', 'credits', ['alert'], { threshold: '10', channel: `<#${channel}>` });
    await d.command('alice', 'credits', ['add'], { amount: '5' }); // low: alice's DM and the channel, both on Discord
    const slack: string[] = [];
    const notifier = notifiersByPlatform([
      ['discord', d.h.deps.notifier],
      ['slack', otherPlatform(slack)],
    ]);
    expect(await drainOutbox({ ...d.h.deps, notifier })).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(postsTo(channel)).toHaveLength(1);
    expect(slack).toEqual([]);
  });

  it('an invitation DM hit by a rate limit goes to the outbox and arrives once, after retry_after', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const bobDm = `9${DISCORD_USERS.bob.slice(1)}`;
    faults(bobDm, [
      {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 5, global: false },
        headers: { 'retry-after': '5' },
      },
    ]);
    const answer = await d.command('alice', 'team', ['invite', 'person'], { person: { user: 'bob' } });
    expect(embedText(answer.message)).toContain('Invited bob to **Acme**');
    expect(postsTo(bobDm)).toHaveLength(1); // tried at once, refused
    expect(await drainOutbox(d.h.deps)).toEqual({ sent: 0, retried: 0, dead: 0 });
    d.h.clock.advance(5_100);
    expect(await drainOutbox(d.h.deps)).toEqual({ sent: 1, retried: 0, dead: 0 });
    d.h.clock.advance(60 * 60_000);
    expect(await drainOutbox(d.h.deps)).toEqual({ sent: 0, retried: 0, dead: 0 });
    const posts = postsTo(bobDm);
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]!.body)).toContain('invited you to join **Acme**');
    expect(JSON.stringify(posts[1]!.body)).toContain('Accept');
  });
});
