import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InstanceOffersSchema } from '../../adapters/sesterce/schemas.ts';
import { type SesterceClientOptions, sesterceClient } from '../../adapters/sesterce/sesterce-client.ts';
import { createLogger } from '../../src/logger.ts';
import { ProviderKeyRejected, ProviderRefused, ProviderUnavailable } from '../../src/ports/compute.ts';
import { FAKE_SESTERCE_KEY, FakeSesterce } from '../support/fake-sesterce.ts';
import { freePort } from '../support/free-port.ts';
import { failure, fastClient } from '../support/sesterce-testing.ts';

const fake = await FakeSesterce.start();
afterAll(() => fake.stop());

const lines: string[] = [];
const clientFor = (options: Partial<SesterceClientOptions> = {}) =>
  fastClient(fake, { log: createLogger('debug', (line) => lines.push(line)), ...options });
const OFFERS = '/gpu-cloud/instances/offers';

beforeEach(() => {
  fake.reset();
  lines.length = 0;
});

describe('the Sesterce client', () => {
  it('sends the key, a real User-Agent and JSON on every request', async () => {
    const client = clientFor();
    const offers = await client.send('GET', OFFERS, InstanceOffersSchema);
    expect(offers.map((o) => o.instanceId)).toContain('H100x8');
    await client.send('POST', '/gpu-cloud/ssh-keys', z.unknown(), {
      body: { name: 'alice', publicKey: 'ssh-ed25519 AAAAC3NzaFAKE alice' },
    });
    const [get, post] = fake.requests;
    expect(get?.headers['x-api-key']).toBe(FAKE_SESTERCE_KEY);
    expect(get?.headers['user-agent']).toMatch(/^Tally\/\d+\.\d+\.\d+ \(.*Node\.js/);
    expect(get?.headers['content-type']).toBeUndefined();
    expect(post?.headers['x-api-key']).toBe(FAKE_SESTERCE_KEY);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.body).toEqual({ name: 'alice', publicKey: 'ssh-ed25519 AAAAC3NzaFAKE alice' });
  });

  it('maps a rejected key (403) to ProviderKeyRejected with the API message, tried once', async () => {
    const error = await failure(clientFor({ apiKey: 'sk-FAKE-revoked' }).send('GET', OFFERS, z.unknown()));
    expect(error).toBeInstanceOf(ProviderKeyRejected);
    expect(error.message).toBe('API key invalid');
    expect(fake.requests).toHaveLength(1);
  });

  it('reads 404 "API key not found" as a rejected key, not as a missing machine', async () => {
    fake.failNext(404, 1, { path: OFFERS, message: 'API key not found' });
    const error = await failure(clientFor().send('GET', OFFERS, z.unknown()));
    expect(error).toBeInstanceOf(ProviderKeyRejected);
    expect(error.message).toBe('API key not found');
    fake.failNext(404, 1, { path: OFFERS, message: 'Not found' });
    const missing = await failure(clientFor().send('GET', OFFERS, z.unknown()));
    expect(missing).not.toBeInstanceOf(ProviderKeyRejected);
    expect(missing).toMatchObject({ message: 'Not found', status: 404 });
  });

  it('maps another 4xx to ProviderRefused with the API message (a list joined), never retried', async () => {
    const error = await failure(clientFor().send('POST', '/gpu-cloud/ssh-keys', z.unknown(), { body: {} }));
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error).not.toBeInstanceOf(ProviderKeyRejected);
    expect(error.message).toBe('name should not be empty; publicKey should not be empty');
    expect((error as ProviderRefused).status).toBe(400);
    expect(fake.requests).toHaveLength(1);
  });

  it('retries reads after 5xx, 429 and dropped connections, then answers', async () => {
    fake.failNext(500, 1, { path: OFFERS });
    fake.failNext(429, 1, { path: OFFERS });
    const offers = await clientFor().send('GET', OFFERS, InstanceOffersSchema);
    expect(offers.length).toBeGreaterThan(0);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(3);
    fake.failNext(0, 1, { path: OFFERS });
    await clientFor().send('GET', OFFERS, InstanceOffersSchema);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(5);
  });

  it("waits as long as a busy API's Retry-After asks", async () => {
    fake.failNext(429, 1, { path: OFFERS, retryAfter: 1 });
    const started = Date.now();
    await clientFor().send('GET', OFFERS, InstanceOffersSchema);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(2);
  });

  it('names a network failure by its cause', async () => {
    const closed = sesterceClient({
      apiKey: FAKE_SESTERCE_KEY,
      apiUrl: `http://127.0.0.1:${await freePort()}`,
      retries: 0,
    });
    expect((await failure(closed.send('GET', OFFERS, z.unknown()))).message).toMatch(/network error: .*ECONNREFUSED/);
  });

  it('gives up with ProviderUnavailable after its retries, never logging the key', async () => {
    fake.failNext(503, 10, { path: OFFERS });
    const error = await failure(clientFor().send('GET', OFFERS, z.unknown()));
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error.message).toMatch(/GET \/gpu-cloud\/instances\/offers \(HTTP 503: Internal server error\)/);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(3);
    expect(lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(FAKE_SESTERCE_KEY);
  });

  it('does not repeat a create whose outcome is unknown', async () => {
    fake.failNext(502, 1, { method: 'POST' });
    const body = { name: 'k', publicKey: 'ssh-ed25519 AAAAC3NzaFAKE2' };
    const error = await failure(clientFor().send('POST', '/gpu-cloud/ssh-keys', z.unknown(), { body, retry: false }));
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(fake.requests).toHaveLength(1);
  });

  it('times out each try and says so', async () => {
    fake.delayMs = 300;
    const started = Date.now();
    const error = await failure(clientFor({ timeoutMs: 50, retries: 1 }).send('GET', OFFERS, z.unknown()));
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error.message).toMatch(/no answer within 50 ms/);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reads 204 as null, and an answer of the wrong shape as ProviderUnavailable', async () => {
    const key = await clientFor().send('POST', '/gpu-cloud/ssh-keys', z.looseObject({ _id: z.string() }), {
      body: { name: 'bob', publicKey: 'ssh-ed25519 AAAAC3NzaFAKE3' },
    });
    fake.instances.set('fa4e99999999999999999999', { _id: 'fa4e99999999999999999999', name: 'x', status: 'active' });
    const deleted = await clientFor().send('DELETE', '/gpu-cloud/instances/fa4e99999999999999999999', z.unknown());
    expect(deleted).toBeNull();
    expect(key._id).toMatch(/^fa4e/);
    const error = await failure(clientFor().send('GET', OFFERS, z.array(z.object({ price: z.string() }))));
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error.message).toMatch(/unexpected shape \(0\.price:/);
  });
});
