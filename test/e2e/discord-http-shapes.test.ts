import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buttonInteraction, commandInteraction, modalSubmitInteraction } from '../fixtures/discord-payloads.ts';
import { useDiscord } from '../support/discord-harness.ts';
import { rowCounts } from '../support/row-counts.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_HEX = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

function signedPost(port: number, body: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
    'x-signature-timestamp': timestamp,
    'content-type': 'application/json',
  };
  return fetch(`http://127.0.0.1:${port}/discord/interactions`, { method: 'POST', headers, body });
}

const withoutData = () => {
  const { data: _data, ...rest } = commandInteraction('alice', 'team', ['create'], { name: 'Acme' });
  return rest;
};
const hugeButton = () =>
  buttonInteraction('alice', `r0|team%20create|name=${'a'.repeat(10_000 - 'r0|team%20create|name='.length)}`);
const modalWithoutComponents = () => {
  const modal = modalSubmitInteraction('alice', 'f0|team%20create', { name: 'Acme' });
  const { components: _components, ...data } = modal.data;
  return { ...modal, data };
};

describe('Discord HTTP endpoint: validly signed bodies of the wrong shape', () => {
  const d = useDiscord({ publicKey: PUBLIC_HEX });

  it.each([
    ['the JSON null', () => null],
    ['a command (type 2) without data', withoutData],
    ['a button (type 3) with a 10,000-character custom_id', hugeButton],
    ['a modal submit (type 5) without components', modalWithoutComponents],
  ])('answers 400 to %s and writes nothing', async (_what, body) => {
    const before = await rowCounts(d.h.db);
    const response = await signedPost(d.endpoint.port, JSON.stringify(body()));
    expect(response.status).toBe(400);
    await new Promise((done) => setTimeout(done, 100)); // work after an answer would land by now
    expect(await rowCounts(d.h.db)).toEqual(before);
  });

  it('still runs a well-formed command that carries fields Tally does not know', async () => {
    const interaction = {
      ...commandInteraction('alice', 'team', ['create'], { name: 'Acme' }),
      some_future_field: { nested: [1, 2] },
    };
    const response = await signedPost(d.endpoint.port, JSON.stringify(interaction));
    expect(response.status).toBe(200);
    await d.fake.waitFor(
      () => d.fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(interaction.token)),
      'the edited answer',
    );
    expect((await d.h.teamNamed('Acme')).isPersonal).toBe(false);
  });
});
