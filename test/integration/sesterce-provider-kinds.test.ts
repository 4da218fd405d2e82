import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProvisionRequest } from '../../src/ports/compute.ts';
import { FakeSesterce } from '../support/fake-sesterce.ts';
import { CLOUD_A, CLOUD_B, MODEL_LLAMA } from '../support/fake-sesterce-data.ts';
import { failure, fastCompute } from '../support/sesterce-testing.ts';

const fake = await FakeSesterce.start();
afterAll(() => fake.stop());

const compute = fastCompute(fake, {}, { offersTtlMs: 0 });
const launch = (kind: ProvisionRequest['kind'], spec: string, providerName: string, more = {}) =>
  compute.provision({ teamId: 'T0FAKETEAM', kind, spec, name: 'x', providerName, ...more });

beforeEach(() => fake.reset());

describe('Sesterce volumes', () => {
  it('are made where asked (or in the first region), at once usable', async () => {
    const volume = await launch('volume', '100 GB', 'tally-v1', { sizeGb: 100 });
    await launch('volume', '50 GB', 'tally-v2', { region: 'us-east-1' });
    expect(fake.requestsTo('POST', '/gpu-cloud/volumes').map((r) => r.body)).toEqual([
      { cloudProvider: CLOUD_A, region: 'eu-north-1', name: 'tally-v1', sizeInGb: 100 },
      { cloudProvider: CLOUD_B, region: 'us-east-1', name: 'tally-v2', sizeInGb: 50 },
    ]);
    expect(volume).toEqual({
      providerId: expect.stringMatching(/^fa4e/),
      providerName: 'tally-v1',
      kind: 'volume',
      status: 'active',
      ipAddress: null,
    });
    expect(await compute.lookup('volume', volume.providerId)).toEqual(volume);
  });

  it('are refused below the smallest size of the region', async () => {
    const error = await failure(launch('volume', '15 GB', 'tally-v3', { sizeGb: 15, region: 'us-east-1' }));
    expect(error.message).toBe('Sesterce has no volume of 15 GB in us-east-1.');
  });
});

describe('Sesterce inference endpoints', () => {
  it('deploy a catalogue model in a region with room, and give their URL once active', async () => {
    const endpoint = await launch('inference', 'llama-3.1-8b-instruct', 'tally-i1');
    expect(fake.requestsTo('POST', '/ai-inference/instances')[0]?.body).toEqual({
      name: 'tally-i1',
      modelId: MODEL_LLAMA,
      containerPort: 8000,
      hardwareName: '1xL40S / 16 vCPU / 232GiB RAM',
      autoScalingConfigurations: [
        { regionId: 1, scale: { min: 1, max: 1, cooldownPeriod: 300, triggers: { cpu: { threshold: 80 } } } },
      ],
    });
    expect(endpoint).toMatchObject({ kind: 'inference', status: 'pending', ipAddress: null });
    fake.activate(endpoint.providerId);
    expect(await compute.lookup('inference', endpoint.providerId)).toMatchObject({
      status: 'active',
      endpointUrl: `https://${endpoint.providerId}-f4ke.ai.sesterce.dev/`,
    });
  });

  it('go where the hardware has room; an error says why in the provider words', async () => {
    const endpoint = await launch('inference', 'Qwen2.5-72B-Instruct', 'tally-i2');
    const body = fake.requestsTo('POST', '/ai-inference/instances')[0]?.body as { autoScalingConfigurations: unknown };
    expect(body.autoScalingConfigurations).toMatchObject([{ regionId: 2 }]);
    fake.fail(endpoint.providerId, 'CUDA out of memory');
    expect(await compute.lookup('inference', endpoint.providerId)).toMatchObject({
      status: 'error',
      problem: 'CUDA out of memory',
    });
    expect((await failure(launch('inference', 'gpt-9', 'tally-i3'))).message).toBe(
      'Sesterce does not serve the model gpt-9 now.',
    );
  });
});

describe('Sesterce machines', () => {
  it('are listed together, found by name, released (one already gone is fine)', async () => {
    const gpu = await launch('instance', 'l40sx1', 'tally-a');
    const volume = await launch('volume', '10 GB', 'tally-b', { sizeGb: 10 });
    const endpoint = await launch('inference', 'llama-3.1-8b-instruct', 'tally-c');
    expect((await compute.list()).map((m) => [m.kind, m.providerName])).toEqual([
      ['instance', 'tally-a'],
      ['volume', 'tally-b'],
      ['inference', 'tally-c'],
    ]);
    await compute.release('instance', gpu.providerId);
    await compute.release('volume', volume.providerId);
    await compute.release('inference', endpoint.providerId);
    await compute.release('instance', gpu.providerId); // a second time: 404, fine
    expect(await compute.list()).toEqual([]);
    // Sesterce keeps a deleted instance, marked so; the others are gone.
    expect((await compute.lookup('instance', gpu.providerId))?.status).toBe('deleted');
    expect(await compute.lookup('volume', volume.providerId)).toBeNull();
    expect(await compute.lookup('inference', endpoint.providerId)).toBeNull();
    expect(await compute.findByName('instance', 'tally-a')).toBeNull();
    expect(await compute.lookup('instance', 'fa4e00000000000000000404')).toBeNull();
  });

  it('are released through a passing failure (retried), and a launch can be relaunched by a new name', async () => {
    const gpu = await launch('instance', 'h100x1', 'tally-d');
    fake.failNext(502, 1, { method: 'DELETE' });
    await compute.release('instance', gpu.providerId);
    expect(fake.requestsTo('DELETE', `/gpu-cloud/instances/${gpu.providerId}`)).toHaveLength(2);
    expect((await launch('instance', 'h100x1', 'tally-e')).providerId).not.toBe(gpu.providerId);
  });
});
