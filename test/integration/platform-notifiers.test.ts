import { describe, expect, it } from 'vitest';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { createLogger } from '../../src/logger.ts';
import type { Notifier } from '../../src/ports/notifier.ts';
import { notifiersByPlatform } from '../../src/ports/platform-notifiers.ts';
import { HARNESS_SLACK_WORKSPACE, type Harness, teamWith, useHarness } from '../support/harness.ts';

/** A notifier of one platform that records what it was handed. */
function platformFake(platform: string, got: string[]): Notifier {
  return {
    async sendDirect(to, message) {
      got.push(`${platform}: @${to.workspaceId}/${to.platformUserId} ${message.title}`);
    },
    async sendToChannel(to, message) {
      got.push(`${platform}: #${to.workspaceId}/${to.channelId} ${message.title}`);
    },
  };
}

/** The notifiers of `platforms`, each a fake recording into `got`, keyed as the bot keys the real ones. */
function platformFakes(platforms: string[], got: string[]): Notifier {
  return notifiersByPlatform(platforms.map((platform) => [platform, platformFake(platform, got)] as const));
}

/** A drain whose JSON log lines are kept, as the bot writes them on stderr. */
async function drainLogged(h: Harness, notifier: Notifier) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('info', (line) => lines.push(JSON.parse(line)));
  const report = await drainOutbox({ ...h.deps, notifier, log });
  return { report, lines };
}

describe('notifiers keyed by platform', () => {
  const h = useHarness();

  it('a row for a platform with no adapter here is dead-lettered with its reason and a log entry, never sent', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits alert 10 <#C00FAKEOPS|ops>'); // a Slack channel; only the console runs
    await h.run('alice', '/credits add 5'); // low: a DM to alice (console) and a post in #ops (Slack)
    const got: string[] = [];
    const { report, lines } = await drainLogged(h, platformFakes(['console'], got));
    expect(report).toEqual({ sent: 1, retried: 0, dead: 1 });
    expect(got).toEqual(['console: @local/alice Low balance']);
    const row = await h.db.outboxMessage.findFirstOrThrow({ where: { toChannel: true } });
    expect(row).toMatchObject({
      platform: 'slack',
      workspaceId: HARNESS_SLACK_WORKSPACE,
      recipient: 'C00FAKEOPS',
      status: 'dead',
      sentAt: null,
      lastError: 'no slack adapter runs in this deployment',
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'alert dead-lettered',
        platform: 'slack',
        reason: 'no slack adapter runs in this deployment',
      }),
    );
    const note = await h.db.auditEntry.findFirstOrThrow({ where: { action: 'alert.undeliverable' } });
    expect(note.target).toBe('slack #C00FAKEOPS');
  });

  it('an alert channel set from Slack is posted by the Slack notifier only', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits alert 10 <#C00FAKEOPS|ops>');
    await h.run('alice', '/credits add 5');
    const got: string[] = [];
    const notifier = platformFakes(['console', 'slack', 'discord'], got);
    expect(await drainOutbox({ ...h.deps, notifier })).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(got.sort()).toEqual([
      'console: @local/alice Low balance',
      `slack: #${HARNESS_SLACK_WORKSPACE}/C00FAKEOPS Low balance`,
    ]);
  });

  it('an alert channel set from Discord is posted by the Discord notifier only, whatever its id looks like', async () => {
    await teamWith(h, 'alice', 'Acme');
    // Discord hands the adapter a channel option; an id of Slack's shape must not send it to Slack.
    const channel = { kind: 'channel', platform: 'discord', workspaceId: '', channelId: 'C00LOOKSLIKESLACK' } as const;
    const set = await h.invoke('alice', 'credits alert', { threshold: '10', channel });
    expect(set.text).toContain('Alerts go to');
    await h.run('alice', '/credits add 5');
    const got: string[] = [];
    const notifier = platformFakes(['console', 'slack', 'discord'], got);
    expect(await drainOutbox({ ...h.deps, notifier })).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(got.sort()).toEqual(['console: @local/alice Low balance', 'discord: #/C00LOOKSLIKESLACK Low balance']);
    expect(await h.teamNamed('Acme')).toMatchObject({
      alertChannel: 'C00LOOKSLIKESLACK',
      alertChannelPlatform: 'discord',
      alertChannelWorkspace: '',
    });
  });

  it("a direct message goes to each of the person's platforms through that platform's notifier only", async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.db.identity.create({
      data: {
        userId: await h.userId('bob'),
        platform: 'slack',
        workspaceId: HARNESS_SLACK_WORKSPACE,
        platformUserId: 'U00FAKEBOB',
        displayName: 'bob',
      },
    });
    const got: string[] = [];
    const recording = h.deps.notifier;
    h.deps.notifier = platformFakes(['console', 'slack'], got);
    try {
      await h.run('alice', '/team role @bob co-owner'); // bob is told by DM
    } finally {
      h.deps.notifier = recording;
    }
    expect(got.map((line) => line.split(' ').slice(0, 2).join(' ')).sort()).toEqual([
      'console: @local/bob',
      `slack: @${HARNESS_SLACK_WORKSPACE}/U00FAKEBOB`,
    ]);
  });
});
