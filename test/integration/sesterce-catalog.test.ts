import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type SesterceCatalogOptions, sesterceCatalog } from '../../adapters/sesterce/sesterce-catalog.ts';
import { sesterceClient } from '../../adapters/sesterce/sesterce-client.ts';
import { sesterceCloud } from '../../adapters/sesterce/sesterce-cloud.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { ProviderKeyRejected, ProviderUnavailable } from '../../src/ports/compute.ts';
import { FAKE_SESTERCE_KEY, FakeSesterce } from '../support/fake-sesterce.ts';

const fake = await FakeSesterce.start();
afterAll(() => fake.stop());

const OFFERS = '/gpu-cloud/instances/offers';
const OS = ['ubuntu22.04_cuda12.2_shade_os', 'ubuntu24.04_cuda12.6'];
const lines: string[] = [];
let clock = 0;
const catalogFor = (options: Partial<SesterceCatalogOptions> = {}, apiKey = FAKE_SESTERCE_KEY) =>
  sesterceCatalog(sesterceClient({ apiKey, apiUrl: fake.url, timeoutMs: 1000, retries: 1, backoffMs: 1 }), {
    markupPercent: 0,
    ttlMs: 60_000,
    now: () => clock,
    log: createLogger('debug', (line) => lines.push(line)),
    ...options,
  });

beforeEach(() => {
  fake.reset();
  lines.length = 0;
  clock = 0;
});

describe('the Sesterce catalog', () => {
  it('sells the instance offers available now, in cents, labelled, with their regions and images', async () => {
    const catalog = await catalogFor().current();
    // A100_80Gx8 is available nowhere; RTX4090x1 is container-only.
    expect(catalog.instances.map((o) => o.id)).toEqual(['h100x1', 'h100x8', 'l40sx1', 'h200x1']);
    expect(catalog.instances[0]).toEqual({
      id: 'h100x1',
      label: '1x H100 80 GB, 26 vCPU, 225 GB RAM',
      // Two clouds sell H100x1 (2.49 in Finland, 2.79 in Virginia): the price is the cheaper's, where a
      // launch goes by default; a launch in Virginia is refused with its own price (launch-plans.ts).
      hourly: 249,
      gpu: 'H100',
      gpuCount: 1,
      vramGb: 80,
      vcpu: 26,
      ramGb: 225,
      regions: ['eu-north-1', 'us-east-1'],
      os: OS,
    });
    expect(catalog.instances[1]).toMatchObject({ label: '8x H100 80 GB, 208 vCPU, 1800 GB RAM', hourly: 1992 });
    expect(catalog.instances[1]?.vramGb).toBe(640);
    // 3.5900000000000003 is 359 cents, not 360.
    expect(catalog.instances[3]?.hourly).toBe(359);
  });

  it('adds the markup, rounding up to the cent', async () => {
    const catalog = await catalogFor({ markupPercent: 20 }).current();
    expect(catalog.instances.map((o) => [o.id, o.hourly])).toEqual([
      ['h100x1', 299], // 249 × 1.2 = 298.8
      ['h100x8', 2391], // 1992 × 1.2 = 2390.4
      ['l40sx1', 119], // 99 × 1.2 = 118.8
      ['h200x1', 431], // 359 × 1.2 = 430.8
    ]);
    expect(catalog.volumes.perGbMonth).toBe(11); // 0.00012 × 730 × 1.2 = 0.10512
  });

  it('prices models by the GPUs they run on, and leaves out those it cannot price', async () => {
    const catalog = await catalogFor().current();
    expect(catalog.inference).toEqual([
      {
        id: 'llama-3.1-8b-instruct',
        label: 'Llama 3.1 8B Instruct endpoint (1x L40S)',
        hourly: 99,
        gpu: 'L40S',
        gpuCount: 1,
      },
      {
        id: 'qwen2.5-72b-instruct',
        label: 'Qwen2.5 72B Instruct endpoint (1x H100)',
        hourly: 279, // the dearer of the two H100x1 offers
        gpu: 'H100',
        gpuCount: 1,
      },
    ]);
  });

  it('sells volumes at the dearest place, from the largest minimum, price as text or number', async () => {
    // 0.00012 USD per GB-hour × 730 hours = 8.76 cents a GB-month.
    expect((await catalogFor().current()).volumes).toEqual({ perGbMonth: 9, minGb: 20, maxGb: 10_240 });
  });

  it('is fetched once per ttl, one fetch at a time', async () => {
    const catalog = catalogFor();
    await Promise.all([catalog.current(), catalog.current(), catalog.current()]);
    await catalog.current();
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(1);
    fake.instanceOffers[0]!.hourlyPrice = 2.99; // Finland dearer now: Virginia's 2.79 is the cheaper
    clock += 59_000;
    expect((await catalog.current()).instances[0]?.hourly).toBe(249);
    clock += 2000;
    expect((await catalog.current()).instances[0]?.hourly).toBe(279);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(2);
  });

  it('serves the last good catalog when a refresh fails, logging it, and tries again later', async () => {
    const catalog = catalogFor({ retryMs: 10_000 });
    const first = await catalog.current();
    clock += 61_000;
    fake.failNext(503, 2, { path: OFFERS });
    expect(await catalog.current()).toEqual(first);
    expect(lines.some((l) => l.includes('"level":"warn"') && l.includes('serving the last one'))).toBe(true);
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(3);
    clock += 5000;
    await catalog.current(); // within retryMs: no new request
    expect(fake.requestsTo('GET', OFFERS)).toHaveLength(3);
    clock += 6000;
    fake.instanceOffers[0]!.hourlyPrice = 2.99;
    expect((await catalog.current()).instances[0]?.hourly).toBe(279);
  });

  it('throws when the first fetch fails: ProviderUnavailable, or ProviderKeyRejected for a bad key', async () => {
    fake.failNext(500, 2, { path: OFFERS });
    await expect(catalogFor().current()).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(catalogFor({}, 'sk-FAKE-revoked').current()).rejects.toBeInstanceOf(ProviderKeyRejected);
  });

  it('comes with the machines from one config, as bin/ builds them', async () => {
    const config = { apiKey: FAKE_SESTERCE_KEY, apiUrl: fake.url, markupPercent: 10 };
    const { catalog, compute } = sesterceCloud(config, silentLogger);
    expect((await catalog.current()).instances[2]).toMatchObject({ id: 'l40sx1', hourly: 109 }); // 108.9
    expect(compute.name).toBe('sesterce');
    expect(await compute.list()).toEqual([]);
  });
});
