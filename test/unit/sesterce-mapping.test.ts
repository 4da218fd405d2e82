import { describe, expect, it } from 'vitest';
import { cached } from '../../adapters/sesterce/cached.ts';
import { inferenceMachine, instanceMachine } from '../../adapters/sesterce/machines.ts';
import { inferenceUsdPerHour, modelId, priceCents } from '../../adapters/sesterce/offers.ts';
import { InstanceOffersSchema, VolumeOffersSchema } from '../../adapters/sesterce/schemas.ts';

describe('Sesterce prices', () => {
  it('are whole cents rounded up, float noise rounded away first, at least one cent', () => {
    expect(priceCents(2.49, 0)).toBe(249); // 2.49 × 100 = 249.00000000000003
    expect(priceCents(30.008000000000003, 0)).toBe(3001);
    expect(priceCents(3.5900000000000003, 0)).toBe(359);
    expect(priceCents(2.49, 10)).toBe(274); // 273.9
    expect(priceCents(1.1, 0)).toBe(110);
    expect(priceCents(0, 0)).toBe(1);
    expect(priceCents(0.0876, 0)).toBe(9);
  });

  it('price a model by the dearest launchable instance with its GPUs, however the GPU is spelled', () => {
    const offer = (instanceId: string, gpuName: string, gpuCount: number, hourlyPrice: number, available = true) => ({
      instanceId,
      gpuName,
      gpuCount,
      cloud: { _id: 'c1' },
      configuration: {},
      hourlyPrice,
      availability: [{ region: 'r', available }],
    });
    const offers = InstanceOffersSchema.parse([
      offer('A100_80Gx1', 'A100_80G', 1, 1.4),
      offer('A100_80Gx1', 'A100_80G', 1, 1.6),
      offer('A100_80Gx2', 'A100_80G', 2, 2.8),
      offer('H100x1', 'H100', 1, 2.49, false),
    ]);
    const hardware = (model: string, count: number) => ({ id: 'h', name: 'x', gpu: { model, count } });
    expect(inferenceUsdPerHour(hardware('NVIDIA A100', 1), offers)).toBe(1.6);
    expect(inferenceUsdPerHour(hardware('A100_80G', 2), offers)).toBe(2.8);
    expect(inferenceUsdPerHour(hardware('H100', 1), offers)).toBeUndefined(); // available nowhere
    expect(inferenceUsdPerHour({ id: 'c', name: 'cpu only' }, offers)).toBeUndefined();
  });

  it('name models by a catalog id', () => {
    expect(modelId('Llama 3.1 8B Instruct')).toBe('llama-3.1-8b-instruct');
    expect(modelId('FLUX.1 [schnell]')).toBe('flux.1-schnell');
  });
});

describe('Sesterce volume offers', () => {
  it('read in the docs shape and the CLI shape alike', () => {
    expect(
      VolumeOffersSchema.parse([
        {
          cloudProvider: { _id: 'c1', displayName: 'AZ_01' },
          minSizeInGb: 10,
          pricePerGbPerHour: '0.0001',
          regions: ['a'],
        },
        { provider: 'c2', regions: [{ name: 'b', minSizeInGb: 20, pricePerGbPerHour: 0.00012 }] },
        { provider: { _id: 'c3' }, regions: [{ name: 'c', pricePerGbPerHour: '0.0002' }] },
      ]),
    ).toEqual([
      { cloudId: 'c1', regions: [{ name: 'a', minGb: 10, pricePerGbHour: 0.0001 }] },
      { cloudId: 'c2', regions: [{ name: 'b', minGb: 20, pricePerGbHour: 0.00012 }] },
      { cloudId: 'c3', regions: [{ name: 'c', minGb: 1, pricePerGbHour: 0.0002 }] },
    ]);
    expect(VolumeOffersSchema.safeParse([{ regions: ['a'] }]).success).toBe(false);
  });
});

describe('Sesterce machine status', () => {
  const instance = (status: string, more = {}) =>
    instanceMachine({ _id: 'i1', name: 'tally-1', status, ip: null, sshUser: '', sshPort: null, ...more });
  it('maps instance words, unknown ones as still launching', () => {
    expect(['pending', 'active', 'error', 'deleted', 'deleting', 'rebooting'].map((s) => instance(s).status)).toEqual([
      'pending',
      'active',
      'error',
      'deleted',
      'deleted',
      'pending',
    ]);
    expect(instance('active', { ip: '198.51.100.7', sshPort: 2222, sshUser: 'root' }).ssh).toEqual({
      user: 'root',
      port: 2222,
    });
    expect(instance('active', { ip: '198.51.100.7' }).ssh).toEqual({ user: 'ubuntu', port: 22 });
    expect(instance('pending', { ip: '198.51.100.7' }).ssh).toBeUndefined();
  });

  it('maps inference words in any case; stopped reads as an error', () => {
    const endpoint = (status: string) => inferenceMachine({ _id: 'e1', name: 'tally-2', status, address: '' });
    const words = ['NEW', 'PartiallyDeployed', 'DEPLOYING', 'ACTIVE', 'DISABLED', 'FAILED', 'DELETING', 'WHATEVER'];
    expect(words.map((w) => endpoint(w).status)).toEqual([
      'pending',
      'pending',
      'pending',
      'active',
      'error',
      'error',
      'deleted',
      'pending',
    ]);
    expect(endpoint('DISABLED').problem).toBe('The endpoint was stopped at Sesterce.');
    expect(endpoint('ACTIVE').endpointUrl).toBeUndefined();
  });
});

describe('a cached value', () => {
  it('is loaded once at a time, again after its ttl or when forgotten, and kept when a reload fails', async () => {
    let now = 0;
    let loads = 0;
    let failing = false;
    const stale: unknown[] = [];
    const value = cached(
      async () => {
        loads++;
        if (failing) throw new Error('down');
        return loads;
      },
      { ttlMs: 100, retryMs: 10, now: () => now, onStale: (e) => stale.push(e) },
    );
    expect(await Promise.all([value.get(), value.get()])).toEqual([1, 1]);
    now = 150;
    expect(await value.get()).toBe(2);
    value.forget();
    failing = true;
    expect(await value.get()).toBe(2);
    expect(stale).toHaveLength(1);
    expect(await value.get()).toBe(2); // within retryMs
    expect(loads).toBe(3);
    const first = cached(async () => Promise.reject(new Error('down')), { ttlMs: 100 });
    await expect(first.get()).rejects.toThrow('down');
  });
});
