import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SesterceClientOptions } from '../../adapters/sesterce/sesterce-client.ts';
import type { SesterceComputeOptions } from '../../adapters/sesterce/sesterce-compute.ts';
import { ProviderUnavailable, type ProvisionRequest } from '../../src/ports/compute.ts';
import { FakeSesterce } from '../support/fake-sesterce.ts';
import { failure, fastCompute } from '../support/sesterce-testing.ts';
import { waitFor } from '../support/wait-for.ts';

const fake = await FakeSesterce.start();
afterAll(() => fake.stop());

const INSTANCES = '/gpu-cloud/instances';
const computeFor = (options: Partial<SesterceClientOptions> = {}, more: SesterceComputeOptions = {}) =>
  fastCompute(fake, options, more);
const request: ProvisionRequest = {
  teamId: 'T0FAKETEAM',
  kind: 'instance',
  spec: 'H100x1',
  name: 'train-1',
  providerName: 'tally-r0000000001',
};

beforeEach(() => fake.reset());

describe('a Sesterce launch never makes two machines', () => {
  it('when it is asked again: the machine of that name is given back', async () => {
    const compute = computeFor();
    const first = await compute.provision(request);
    const again = await computeFor().provision(request);
    expect(again).toEqual(first);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(1);
    expect(await compute.findByName('instance', 'tally-r0000000001')).toEqual(first);
    expect(await compute.findByName('instance', 'tally-r0000000404')).toBeNull();
  });

  it('when a create fails (500) and nothing was made: it looks, then creates once more', async () => {
    fake.failNext(500, 1, { method: 'POST', path: INSTANCES });
    const machine = await computeFor().provision(request);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(2);
    expect([...fake.instances.keys()]).toEqual([machine.providerId]);
  });

  it('when the answer to a create is lost (500 after making it): the machine is found by name', async () => {
    fake.loseNextCreate = 'error';
    const machine = await computeFor().provision(request);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(1);
    expect([...fake.instances.keys()]).toEqual([machine.providerId]);
    expect(machine).toMatchObject({ providerName: 'tally-r0000000001', status: 'pending' });
  });

  it('when a create times out after making it: the machine is found by name', async () => {
    fake.loseNextCreate = 'timeout';
    const machine = await computeFor({ timeoutMs: 200 }).provision(request);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(1);
    expect([...fake.instances.keys()]).toEqual([machine.providerId]);
  });

  it('when Sesterce keeps failing: ProviderUnavailable after a few tries, nothing made', async () => {
    fake.failNext(503, 10, { method: 'POST', path: INSTANCES });
    const error = await failure(computeFor().provision(request));
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(3);
    expect(fake.instances.size).toBe(0);
  });

  it('when a gateway timed out (504) and nothing shows yet: it looks again, never creates again', async () => {
    fake.failNext(504, 1, { method: 'POST', path: INSTANCES });
    const error = await failure(computeFor().provision(request));
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error.message).toMatch(/HTTP 504/);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(1);
    expect(fake.requestsTo('GET', INSTANCES)).toHaveLength(1 + 3); // before, then after each wait
    expect(fake.instances.size).toBe(0);
  });

  it('when it cannot look after a failed create: it stops there rather than create blindly', async () => {
    fake.loseNextCreate = 'error';
    // The look before creating passes; every look after the lost answer (300 ms later) fails.
    const looking = computeFor({}, { createBackoffMs: 300 }).provision(request);
    await waitFor(() => fake.requestsTo('POST', INSTANCES).length === 1, 'the create');
    fake.failNext(503, 10, { method: 'GET', path: INSTANCES });
    const error = await failure(looking);
    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error.message).toMatch(/POST \/gpu-cloud\/instances \(HTTP 500/);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(1);
    expect(fake.instances.size).toBe(1);
  });
});
