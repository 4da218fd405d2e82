import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../bin/settings.ts';

// The platforms' settings, read by their adapters and checked together by the composition root.
describe('the platform settings', () => {
  it('chooses the Slack mode from the tokens given, and names what is missing', () => {
    expect(loadSettings({}).slack).toBeUndefined();
    expect(loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123', PORT: '4000' }).slack).toEqual(
      {
        mode: 'http',
        botToken: 'xoxb-1',
        signingSecret: 'secret-123',
        apiUrl: undefined,
      },
    );
    expect(loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({
      mode: 'socket',
      appToken: 'xapp-1',
    });
    expect(() => loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: missing/,
    );
    expect(() => loadSettings({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: missing/);
    expect(() => loadSettings({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      /SLACK_BOT_TOKEN: must be a bot token/,
    );
  });

  it('reads the Discord settings and names what is missing', () => {
    const discord = loadSettings({
      DISCORD_TOKEN: 'x'.repeat(30),
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
    }).discord;
    expect(discord).toMatchObject({ applicationId: '123456789012345678', publicKey: 'ab'.repeat(32) });
    expect(() => loadSettings({ DISCORD_TOKEN: 'x'.repeat(30) })).toThrow(/DISCORD_APPLICATION_ID: missing/);
    expect(() => loadSettings({ DISCORD_APPLICATION_ID: '123456789012345678' })).toThrow(/DISCORD_TOKEN: missing/);
    expect(() => loadSettings({ DISCORD_TOKEN: 'x'.repeat(30), DISCORD_APPLICATION_ID: 'abc' })).toThrow(
      /DISCORD_APPLICATION_ID: must be the numeric application id/,
    );
  });

  it('names every wrong setting, core and platform, in one message', () => {
    expect(() => loadSettings({ LOG_LEVEL: 'loud', TALLY_CONSOLE_USER: 'a b', SLACK_APP_TOKEN: 'nope' })).toThrow(
      /these settings are wrong:\n {2}LOG_LEVEL: [^\n]*\n {2}TALLY_CONSOLE_USER: must be a simple name[^\n]*\n {2}SLACK_APP_TOKEN: must be an app-level token/,
    );
    expect(loadSettings({ TALLY_CONSOLE_USER: 'bob', PORT: '4000' })).toMatchObject({
      core: { port: 4000 },
      console: { user: 'bob' },
      slack: undefined,
      discord: undefined,
    });
  });

  it('reads TALLY_OPERATORS through each platform, and stops at a wrong entry naming the setting', () => {
    expect(loadSettings({}).operators).toEqual([]);
    expect(
      loadSettings({ TALLY_OPERATORS: 'slack:T0123ABC:U0456DEF, discord:123456789,console:alice' }).operators,
    ).toEqual([
      { platform: 'slack', workspaceId: 'T0123ABC', platformUserId: 'U0456DEF' },
      { platform: 'discord', workspaceId: '', platformUserId: '123456789' },
      { platform: 'console', workspaceId: 'local', platformUserId: 'alice' },
    ]);
    expect(() => loadSettings({ TALLY_OPERATORS: 'slack:U0456DEF' })).toThrow(
      /^Tally cannot start: TALLY_OPERATORS: "slack:U0456DEF" is not right: a Slack operator is slack:<team id>:<user id>/,
    );
    expect(() => loadSettings({ TALLY_OPERATORS: 'discord:alice' })).toThrow(/TALLY_OPERATORS: "discord:alice"/);
    expect(() => loadSettings({ TALLY_OPERATORS: 'telegram:42' })).toThrow(
      /TALLY_OPERATORS: "telegram:42" names no platform; write slack:<team id>:<user id>, discord:<user id> or console:<name>$/,
    );
  });
});
