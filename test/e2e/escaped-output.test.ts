import { describe, expect, it } from 'vitest';
import { USERS } from '../fixtures/slack-payloads.ts';
import { embedText, useDiscord } from '../support/discord-harness.ts';
import { drainAll } from '../support/drain-all.ts';
import type { Recorded } from '../support/fake-discord.ts';
import { useSlack } from '../support/slack-harness.ts';

/** Team names that would ping a channel, mention someone, link elsewhere or restyle a message if obeyed. */
const HOSTILE = ['<!channel>', '<!here>', '<@U0BOB>', '<https://x.example|Acme>', '@everyone', '**bold**', '`code`'];
const ALERTS = '<#C00FAKEOPS|ops>';

const slackEscaped = (name: string) => name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('Slack shows what people typed, and obeys none of it', () => {
  const s = useSlack('http');

  /** Everything Slack would read as mrkdwn in a message: its text and every block. */
  const mrkdwnOf = (message: { text?: unknown; blocks?: unknown }) =>
    `${String(message.text ?? '')}\n${typeof message.blocks === 'string' ? message.blocks : JSON.stringify(message.blocks ?? [])}`;

  function expectShownLiterally(message: { text?: unknown; blocks?: unknown }, name: string) {
    const sent = mrkdwnOf(message);
    expect(sent).toContain(JSON.stringify(slackEscaped(name)).slice(1, -1));
    // Slack pings and links only through <!…>, <@…> and <url|label>: none may reach it.
    expect(sent).not.toMatch(/<[!@#]|<https?:/);
  }

  it.each(HOSTILE)('a team called %s: invite post, invitation DM and low-balance alert', async (name) => {
    const created = await s.command('alice', '/team', `create "${name}"`);
    expect(created.text).toContain('Created');
    expectShownLiterally(created, name);

    const post = await s.command('alice', '/team', 'invite post');
    expect(post.response_type).toBe('in_channel');
    expectShownLiterally(post, name);

    await s.command('alice', '/team', `invite <@${USERS.carol.id}|carol>`);
    const dm = await s.fake.waitFor(
      () => s.fake.callsOf('chat.postMessage').find((c) => c.args.channel === `D${USERS.carol.id}`),
      'the invitation DM',
    );
    expectShownLiterally(dm.args, name);

    await s.command('alice', '/credits', `alert 20 ${ALERTS}`);
    await s.command('alice', '/credits', 'add 5');
    await drainAll(s.h.deps, (ms) => s.h.clock.advance(ms));
    const alert = s.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'C00FAKEOPS');
    expect(alert, 'the alert in #ops').toBeDefined();
    expectShownLiterally(alert!.args, name);
  });
});

describe('Discord shows what people typed, and pings nobody', () => {
  const d = useDiscord();
  const OPS = '500000000000000777';

  /** Every request that carries a message: interaction answers, edits, follow-ups, DMs and channel posts. */
  const messagesIn = (requests: Recorded[]) =>
    requests.filter(
      (r) =>
        r.method !== 'DELETE' &&
        r.body &&
        typeof r.body === 'object' &&
        ('embeds' in (r.body as object) || 'data' in (r.body as object)) &&
        !JSON.stringify(r.body).includes('"choices"'),
    );

  function expectNoPings(requests: Recorded[]) {
    for (const request of messagesIn(requests)) {
      const body = request.body as {
        type?: number;
        data?: { allowed_mentions?: unknown; embeds?: unknown };
        allowed_mentions?: unknown;
      };
      const carriesMessage = body.type === undefined ? true : body.type === 4 || body.type === 7;
      if (!carriesMessage) continue;
      const mentions = body.type === undefined ? body.allowed_mentions : body.data?.allowed_mentions;
      expect(mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
    }
  }

  /** Shown literally: no unescaped mention, link or markdown of the name survives. */
  function expectShownLiterally(text: string, name: string) {
    expect(text.split(`\\${name}`).join('')).not.toContain(name);
    expect(text.replace(/\\/g, '').replace(/\u200b/g, '')).toContain(name);
    expect(text).not.toMatch(/(^|[^\\])<[@#!]|@everyone|@here/);
  }

  it.each(HOSTILE)('a team called %s: invite post, invitation DM and low-balance alert', async (name) => {
    d.fake.requests.length = 0;
    const created = await d.command('alice', 'team', ['create'], { name });
    expectShownLiterally(embedText(created.message), name);

    const post = await d.command('alice', 'team', ['invite', 'post']);
    expect(post.message.flags ?? 0).toBe(0);
    expectShownLiterally(embedText(post.message), name);

    await d.command('alice', 'team', ['invite', 'person'], { person: { user: 'bob' } });
    const dm = await d.fake.waitFor(
      () => d.fake.requests.find((r) => r.path === '/channels/900000000000000002/messages'),
      'the DM to bob',
    );
    expectShownLiterally(embedText(dm.body as never), name);

    await d.command('alice', 'credits', ['alert'], { threshold: '20', channel: `<#${OPS}>` });
    await d.command('alice', 'credits', ['add'], { amount: '5' });
    await drainAll(d.h.deps, (ms) => d.h.clock.advance(ms));
    const alert = d.fake.requests.find((r) => r.path === `/channels/${OPS}/messages`);
    expect(alert, 'the alert in the ops channel').toBeDefined();
    expectShownLiterally(embedText(alert!.body as never), name);

    expectNoPings(d.fake.requests);
  });
});
