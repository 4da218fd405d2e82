import { webApi } from '@slack/bolt';
import { REST } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resumeInteraction } from '../../adapters/discord/recorded-interaction.ts';
import { resumeSlackCommand } from '../../adapters/slack/slack-inbound.ts';
import { MINUTE } from '../../src/clock.ts';
import { recoverCommands } from '../../src/inbound/recover-commands.ts';
import type { Liveness } from '../../src/inbound/this-process.ts';
import { ensureUser } from '../../src/users/ensure-user.ts';
import { DISCORD_USERS } from '../fixtures/discord-payloads.ts';
import { CHANNEL, USERS } from '../fixtures/slack-payloads.ts';
import { APP_ID, FakeDiscord } from '../support/fake-discord.ts';
import { FAKE_TEAM, FakeSlack } from '../support/fake-slack.ts';
import { useHarness } from '../support/harness.ts';

// Rows as a process leaves them when it is killed after acknowledging: `received`, owned by it.
const CRASHED = 'crashed-host:4242:DEAD00';
const LIVE = 'live-host:4343:ALIVE0';
const liveness: Liveness = { isGone: async (owner) => owner === CRASHED, close: async () => {} };

const alice = { platform: 'slack', workspaceId: FAKE_TEAM, platformUserId: USERS.alice.id, displayName: 'alice' };
const aliceOnDiscord = {
  platform: 'discord',
  workspaceId: '',
  platformUserId: DISCORD_USERS.alice,
  displayName: 'alice',
};

describe('recovering commands acknowledged by a process that died before answering', () => {
  const h = useHarness();
  const slack = new FakeSlack();
  const discord = new FakeDiscord();
  let resume: Parameters<typeof recoverCommands>[1]['resume'];

  beforeAll(async () => {
    await slack.start();
    await discord.start();
    const client = new webApi.WebClient('xoxb-fake-token', { slackApiUrl: slack.apiUrl });
    const rest = new REST({ api: discord.apiUrl, retries: 0 });
    resume = {
      slack: (command) => resumeSlackCommand(h.deps, client, command),
      discord: (command) => resumeInteraction(h.deps, rest, command),
    };
  });
  afterAll(async () => {
    await slack.stop();
    await discord.stop();
  });
  beforeEach(() => {
    slack.responses.length = 0;
    discord.requests.length = 0;
    discord.originals.clear();
  });

  const minutesAgo = (minutes: number) => new Date(h.clock.now().getTime() - minutes * MINUTE);
  type RecordedIdentity = { platform: string; workspaceId: string; platformUserId: string; displayName: string };
  const creditsAdd = (identity: RecordedIdentity, key: string, amount: string) => ({
    identity,
    path: 'credits add',
    args: { amount },
    idempotencyKey: key,
    origin: { platform: identity.platform },
  });

  async function slackRecord(id: string, options: { receivedMinutesAgo: number; owner?: string; amount?: string }) {
    const at = minutesAgo(options.receivedMinutesAgo);
    await h.db.inboundCommand.create({
      data: {
        id: `slack:command:${id}`,
        platform: 'slack',
        owner: options.owner ?? CRASHED,
        invocation: creditsAdd(alice, `slack:${id}`, options.amount ?? '5'),
        answer: { userId: USERS.alice.id, responseUrl: slack.responseUrl(id), channelId: CHANNEL },
        receivedAt: at,
        answerBy: new Date(at.getTime() + 30 * MINUTE),
      },
    });
  }

  async function discordRecord(id: string, token: string, options: { receivedMinutesAgo: number }) {
    const at = minutesAgo(options.receivedMinutesAgo);
    await h.db.inboundCommand.create({
      data: {
        id: `discord:${id}`,
        platform: 'discord',
        owner: CRASHED,
        invocation: creditsAdd(aliceOnDiscord, `discord:${id}`, '7'),
        answer: { applicationId: APP_ID, token, ephemeral: true },
        receivedAt: at,
        answerBy: new Date(at.getTime() + 15 * MINUTE),
      },
    });
  }

  const ledgerKeys = async () =>
    (await h.db.ledgerEntry.findMany({ orderBy: { createdAt: 'asc' } })).map((e) => e.idempotencyKey);
  const statusOf = async (id: string) => (await h.db.inboundCommand.findUniqueOrThrow({ where: { id } })).status;
  const patches = (token: string) =>
    discord.requests.filter(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
    );

  it('Slack: runs a recent one and answers it once by its response_url; an old one is expired, not run, and noted in the user log', async () => {
    const { userId } = await ensureUser(h.deps, alice);
    await slackRecord('recent', { receivedMinutesAgo: 2 });
    await slackRecord('old', { receivedMinutesAgo: 40, amount: '9' });

    expect(await recoverCommands(h.deps, { liveness, resume })).toEqual({ resumed: 1, expired: 1, failed: 0 });

    expect(slack.responses.map((r) => r.id)).toEqual(['recent']);
    expect(JSON.stringify(slack.responses[0]!.body)).toContain('Added *5.00* credits');
    expect(await ledgerKeys()).toEqual(['topup:slack:recent']);
    expect(await statusOf('slack:command:recent')).toBe('done');
    expect(await statusOf('slack:command:old')).toBe('expired');
    const log = await h.db.auditEntry.findMany({ where: { action: 'command.expired' } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actorId: userId, target: '/credits add', details: { platform: 'slack' } });

    // Once: a second start-up finds nothing left to do.
    expect(await recoverCommands(h.deps, { liveness, resume })).toEqual({ resumed: 0, expired: 0, failed: 0 });
    expect(slack.responses).toHaveLength(1);
    expect(await ledgerKeys()).toEqual(['topup:slack:recent']);
  });

  it('leaves alone what a live process is still working on', async () => {
    await slackRecord('in-flight', { receivedMinutesAgo: 1, owner: LIVE });
    expect(await recoverCommands(h.deps, { liveness, resume })).toEqual({ resumed: 0, expired: 0, failed: 0 });
    expect(slack.responses).toEqual([]);
    expect(await h.db.inboundCommand.findUniqueOrThrow({ where: { id: 'slack:command:in-flight' } })).toMatchObject({
      status: 'received',
      owner: LIVE,
    });
  });

  it('Discord: fills in the deferred placeholder once through the webhook; an old one is expired and not run', async () => {
    await discordRecord('500000000000000001', 'token-recent', { receivedMinutesAgo: 3 });
    discord.deferred('token-recent', true);
    await discordRecord('500000000000000002', 'token-old', { receivedMinutesAgo: 20 });
    discord.deferred('token-old', true);

    expect(await recoverCommands(h.deps, { liveness, resume })).toEqual({ resumed: 1, expired: 1, failed: 0 });

    expect(patches('token-recent')).toHaveLength(1);
    expect(JSON.stringify(patches('token-recent')[0]!.body)).toContain('Added **7.00** credits');
    expect(discord.requests.filter((r) => r.path.includes('token-old'))).toEqual([]);
    expect(await ledgerKeys()).toEqual(['topup:discord:500000000000000001']);
    expect(await statusOf('discord:500000000000000001')).toBe('done');
    expect(await statusOf('discord:500000000000000002')).toBe('expired');
    expect(await recoverCommands(h.deps, { liveness, resume })).toEqual({ resumed: 0, expired: 0, failed: 0 });
    expect(patches('token-recent')).toHaveLength(1);
  });

  it('Discord: an answer that went out before the crash (its done mark lost) is not sent again; a placeholder that never appeared is not run', async () => {
    await discordRecord('500000000000000003', 'token-answered', { receivedMinutesAgo: 1 });
    discord.deferred('token-answered', true);
    await fetch(`${discord.apiUrl}/v10/webhooks/${APP_ID}/token-answered/messages/@original`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ embeds: [{ description: 'Added 7.00' }] }),
    });
    await discordRecord('500000000000000004', 'token-never-deferred', { receivedMinutesAgo: 1 });
    discord.requests.length = 0;

    expect(await recoverCommands(h.deps, { liveness, resume })).toEqual({ resumed: 2, expired: 0, failed: 0 });

    expect(discord.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await ledgerKeys()).toEqual([]);
    expect(await statusOf('discord:500000000000000003')).toBe('done');
    expect(await statusOf('discord:500000000000000004')).toBe('expired');
  });
});
