import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buttonInteraction, commandInteraction } from '../fixtures/discord-payloads.ts';
import { useDiscord } from '../support/discord-harness.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_HEX = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

function signed(body: string, timestamp = String(Math.floor(Date.now() / 1000))) {
  return {
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
    'x-signature-timestamp': timestamp,
    'content-type': 'application/json',
  };
}

describe('Discord HTTP interactions endpoint', () => {
  const d = useDiscord({ publicKey: PUBLIC_HEX });
  const post = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(`http://127.0.0.1:${d.endpoint.port}/discord/interactions`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, json: response.status === 200 ? await response.json() : undefined };
  };

  it('answers PING with PONG', async () => {
    const body = JSON.stringify({ id: '1', application_id: '1', type: 1, token: 't', version: 1 });
    expect(await post(body, signed(body))).toEqual({ status: 200, json: { type: 1 } });
  });

  it('runs commands through the same handler: deferred in the HTTP answer, then the webhook edit', async () => {
    const interaction = commandInteraction('alice', 'team', ['create'], { name: 'Acme' });
    const body = JSON.stringify(interaction);
    expect(await post(body, signed(body))).toEqual({ status: 200, json: { type: 5, data: { flags: 64 } } });
    const edit = await d.fake.waitFor(
      () => d.fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(interaction.token)),
      'the edited answer',
    );
    expect(JSON.stringify(edit.body)).toContain('Created **Acme**');
    expect((await d.h.teamNamed('Acme')).isPersonal).toBe(false);
    const stale = JSON.stringify(buttonInteraction('alice', 'x0|nothing'));
    expect((await post(stale, signed(stale))).json).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('refuses bad signatures, tampered bodies, missing headers and malformed JSON, writing nothing', async () => {
    const before = await d.h.db.team.count();
    const body = JSON.stringify(commandInteraction('alice', 'team', ['create'], { name: 'Forged' }));
    const headers = signed(body);
    expect((await post(body, { ...headers, 'x-signature-ed25519': '00'.repeat(64) })).status).toBe(401);
    expect((await post(body.replace('Forged', 'Forgex'), headers)).status).toBe(401);
    expect((await post(body, { 'content-type': 'application/json' })).status).toBe(401);
    const other = generateKeyPairSync('ed25519').privateKey;
    const ts = String(Math.floor(Date.now() / 1000));
    expect(
      (
        await post(body, {
          ...headers,
          'x-signature-ed25519': sign(null, Buffer.from(ts + body), other).toString('hex'),
          'x-signature-timestamp': ts,
        })
      ).status,
    ).toBe(401);
    const garbage = '{"type": 2, oops';
    expect((await post(garbage, signed(garbage))).status).toBe(400);
    await new Promise((done) => setTimeout(done, 200));
    expect(await d.h.db.team.count()).toBe(before);
  });
});
