import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord, GUILD_ID } from '../support/fake-discord.ts';

const run = promisify(execFile);

describe('npm run discord:register', () => {
  const fake = new FakeDiscord();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('PUTs the four commands to one server, or says what is missing', async () => {
    const env = {
      ...process.env,
      DISCORD_TOKEN: 'fake.discord.bot.token.0123456789',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_URL: fake.apiUrl,
    };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/discord-register.ts'], { env });
    expect(stdout).toContain(`Registered /team, /credits, /launch, /resources in server ${GUILD_ID}`);
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect((put.body as unknown as { name: string }[]).map((c) => c.name)).toEqual([
      'team',
      'credits',
      'launch',
      'resources',
    ]);
    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/discord-register.ts'], {
      env: { ...process.env, DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' },
    }).catch((error: { stderr: string; code: number }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  }, 30_000);
});
