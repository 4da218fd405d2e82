import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('config', () => {
  it('defaults to the embedded database', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and treats blanks as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db', DATABASE_POOL_SIZE: '4' }).database).toEqual({
      kind: 'postgres',
      url: 'postgresql://u@h/db',
      poolSize: 4,
    });
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('pglite');
  });

  it('stops with a message naming each wrong setting', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DATABASE_POOL_SIZE: 'many' })).toThrow(
      /DATABASE_URL: must start with postgres:\/\/[\s\S]*DATABASE_POOL_SIZE[\s\S]*LOG_LEVEL/,
    );
    expect(() => loadConfig({ TALLY_PUBLIC_URL: 'ftp://x' })).toThrow(/TALLY_PUBLIC_URL/);
  });

  it('chooses the Slack mode from the tokens given, and names what is missing', () => {
    expect(loadConfig({}).slack).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123', PORT: '4000' }).slack).toEqual({
      mode: 'http',
      botToken: 'xoxb-1',
      signingSecret: 'secret-123',
      port: 4000,
      apiUrl: undefined,
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({
      mode: 'socket',
      appToken: 'xapp-1',
    });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: missing/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: missing/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      /SLACK_BOT_TOKEN: must be a bot token/,
    );
  });

  it('reads the Discord settings and names what is missing', () => {
    const discord = loadConfig({
      DISCORD_TOKEN: 'x'.repeat(30),
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
    }).discord;
    expect(discord).toMatchObject({ applicationId: '123456789012345678', publicKey: 'ab'.repeat(32) });
    expect(() => loadConfig({ DISCORD_TOKEN: 'x'.repeat(30) })).toThrow(/DISCORD_APPLICATION_ID: missing/);
    expect(() => loadConfig({ DISCORD_APPLICATION_ID: '123456789012345678' })).toThrow(/DISCORD_TOKEN: missing/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x'.repeat(30), DISCORD_APPLICATION_ID: 'abc' })).toThrow(
      /DISCORD_APPLICATION_ID: must be the numeric application id/,
    );
  });
});
