import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('the core settings', () => {
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

  it("leaves each platform's settings to its adapter", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).not.toHaveProperty('slack');
  });
});
