import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from '../fixtures/slack-payloads.ts';
import { APP_ID, FakeDiscord } from '../support/fake-discord.ts';
import { FakeSlack, postSigned } from '../support/fake-slack.ts';
import { freePort } from '../support/free-port.ts';
import { slackHttpEnv } from '../support/spawn-bot.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';

describe('npm start with Slack (HTTP) and Discord (gateway + HTTP endpoint) settings: one port', () => {
  const slack = new FakeSlack();
  const discord = new FakeDiscord();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  let child: ChildProcess;
  let port = 0;
  let folder = '';
  let logs = '';

  beforeAll(async () => {
    await slack.start();
    await discord.start();
    port = await freePort();
    folder = copyPgliteTemplate();
    // Exactly what `npm start` runs: compiled (when stale) into dist/, then plain node.
    child = spawn(process.execPath, ['scripts/start.mjs', 'bin/tally.ts'], {
      env: {
        ...process.env,
        TALLY_DATA_DIR: folder,
        ...slackHttpEnv(slack, port),
        DISCORD_TOKEN: 'fake.discord.bot.token.0123456789',
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_PUBLIC_KEY: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex'),
        DISCORD_API_URL: discord.apiUrl,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => (logs += chunk));
    await slack.waitFor(() => logs.includes('"tally running"'), `start-up (logs: ${logs})`, 30_000);
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await slack.stop();
    await discord.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves Slack events, Discord interactions and /healthz on one port, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    expect(logs).toContain('"message":"slack adapter started","mode":"http"');
    expect(logs).toContain('"endpoint":"/discord/interactions"');
    await postSigned(port, slashCommand('alice', '/team', 'create Acme', slack.responseUrl('rt')));
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === 'rt'), 'the Slack answer');
    expect(JSON.stringify(answer.body)).toContain('Created *Acme*');
    const ping = '{"id":"1","application_id":"1","type":1,"token":"t","version":1}';
    const ts = String(Math.floor(Date.now() / 1000));
    const pong = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-timestamp': ts,
        'x-signature-ed25519': sign(null, Buffer.from(ts + ping), privateKey).toString('hex'),
      },
      body: ping,
    });
    expect(await pong.json()).toEqual({ type: 1 });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: { ok: true, kind: 'pglite' },
      slack: { ok: true, mode: 'http' },
      discord: { ok: true },
    });
    await postSigned(port, slashCommand('alice', '/credits', 'alert 0', slack.responseUrl('quiet'))); // no alert DMs to wait for
    await slack.waitFor(() => slack.responses.find((r) => r.id === 'quiet'), 'the alert setting');
    // SIGTERM while statements (a PDF each) are being worked on: every acknowledged one is finished and answered.
    const late = Array.from({ length: 12 }, (_, i) => `late-${i + 1}`);
    const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const acked: string[] = [];
    const posts = late.map(
      (id) =>
        postSigned(port, slashCommand('alice', '/credits', 'statement', slack.responseUrl(id), `trigger-${id}`))
          .then((answer) => {
            if (answer.status === 200) acked.push(id);
            if (acked.length === 1) child.kill('SIGTERM');
          })
          .catch(() => {}), // refused once the server has closed: Slack would retry it elsewhere
    );
    await Promise.all(posts);
    expect(await exit).toBe(0);
    expect(acked.length).toBeGreaterThan(0);
    const unanswered = acked.filter(
      (id) => !JSON.stringify(slack.responses.find((r) => r.id === id)?.body ?? '').includes('Statement of'),
    );
    expect(unanswered).toEqual([]);
    expect(existsSync(join(folder, 'tally.lock'))).toBe(false); // the embedded database was closed
  }, 60_000);
});
