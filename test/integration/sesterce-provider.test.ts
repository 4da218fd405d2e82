import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SesterceClientOptions } from '../../adapters/sesterce/sesterce-client.ts';
import { ProviderKeyRejected, ProviderRefused, type ProvisionRequest } from '../../src/ports/compute.ts';
import { FakeSesterce } from '../support/fake-sesterce.ts';
import { CLOUD_A, CLOUD_B } from '../support/fake-sesterce-data.ts';
import { failure, fastCompute } from '../support/sesterce-testing.ts';

const fake = await FakeSesterce.start();
afterAll(() => fake.stop());

const INSTANCES = '/gpu-cloud/instances';
const OS = ['ubuntu22.04_cuda12.2_shade_os', 'ubuntu24.04_cuda12.6'];
const computeFor = (options: Partial<SesterceClientOptions> = {}) => fastCompute(fake, options);
const instance = (more: Partial<ProvisionRequest> = {}): ProvisionRequest => ({
  teamId: 'T0FAKETEAM',
  kind: 'instance',
  spec: 'h100x1',
  name: 'train-1',
  providerName: 'tally-r0000000001',
  ...more,
});

beforeEach(() => fake.reset());

describe('Sesterce instances', () => {
  it('launch on the cheapest offer available, its first region and image, pending until active', async () => {
    const compute = computeFor();
    const machine = await compute.provision(instance());
    expect(fake.requestsTo('POST', INSTANCES).map((r) => r.body)).toEqual([
      {
        name: 'tally-r0000000001',
        cloudProvider: CLOUD_A,
        instanceId: 'H100x1',
        region: 'eu-north-1',
        vm: { os: OS[0] },
        dockerContainer: null,
      },
    ]);
    expect(machine).toEqual({
      providerId: expect.stringMatching(/^fa4e/),
      providerName: 'tally-r0000000001',
      kind: 'instance',
      status: 'pending',
      ipAddress: null,
    });
    expect(await compute.lookup('instance', machine.providerId)).toMatchObject({ status: 'pending', ipAddress: null });
    fake.activate(machine.providerId);
    expect(await compute.lookup('instance', machine.providerId)).toEqual({
      ...machine,
      status: 'active',
      ipAddress: expect.stringMatching(/^198\.51\.100\./),
      ssh: { user: 'ubuntu', port: 22 },
    });
  });

  it('turn active as Sesterce reports it, and in error when it fails', async () => {
    fake.activateAfter = 2;
    const compute = computeFor();
    const { providerId } = await compute.provision(instance());
    expect((await compute.lookup('instance', providerId))?.status).toBe('pending');
    expect((await compute.lookup('instance', providerId))?.status).toBe('active');
    const other = await compute.provision(instance({ providerName: 'tally-r0000000002' }));
    fake.fail(other.providerId, 'no capacity');
    expect(await compute.lookup('instance', other.providerId)).toMatchObject({
      status: 'error',
      problem: expect.any(String),
    });
  });

  it('go to the region and image asked for, with the team key (registered once)', async () => {
    const compute = computeFor();
    const publicKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKE alice@laptop';
    await compute.provision(
      instance({ region: 'us-east-1', os: OS[1], sshKey: { name: 'alice', publicKey, providerKeyId: null } }),
    );
    await compute.provision(
      instance({
        providerName: 'tally-r0000000002',
        sshKey: { name: 'alice', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKE', providerKeyId: null },
      }),
    );
    const [first, second] = fake.requestsTo('POST', INSTANCES).map((r) => r.body as Record<string, unknown>);
    const keyId = [...fake.sshKeys.keys()][0];
    expect(fake.sshKeys.size).toBe(1);
    expect(first).toMatchObject({ cloudProvider: CLOUD_B, region: 'us-east-1', vm: { os: OS[1] }, sshKeyId: keyId });
    expect(second).toMatchObject({ cloudProvider: CLOUD_A, sshKeyId: keyId });
    expect(await compute.registerSshKey({ name: 'bob', publicKey: 'ssh-rsa AAAAB3NzaFAKE bob' })).toMatch(/^fa4e/);
    expect(fake.sshKeys.size).toBe(2);
  });

  it('are refused in plain words when the offer, region or image cannot be had', async () => {
    const compute = computeFor();
    const refused = (request: ProvisionRequest) => failure(compute.provision(request));
    expect(await refused(instance({ spec: 'a100_80gx8' }))).toMatchObject({
      message: 'a100_80gx8 is not available at Sesterce now; see the catalog for what is.',
    });
    expect((await refused(instance({ spec: 'h100x8', region: 'eu-north-1' }))).message).toBe(
      'h100x8 is not available in eu-north-1 now; try us-east-1.',
    );
    expect((await refused(instance({ os: 'windows11' }))).message).toMatch(/does not take the OS image windows11/);
    expect(fake.requestsTo('POST', INSTANCES)).toHaveLength(0);
  });

  it("pass Sesterce's own refusal on: the API's message, its status", async () => {
    const compute = computeFor();
    await compute.provision(instance()); // offers now cached
    fake.instanceOffers[0]!.availability[0]!.available = false;
    const error = await failure(compute.provision(instance({ providerName: 'tally-r0000000002' })));
    expect(error).toBeInstanceOf(ProviderRefused);
    expect(error).toMatchObject({ message: 'Offer H100x1 is not available in eu-north-1', status: 400 });
    // The refusal made it read the offers afresh: H100x1 is still sold by the other cloud. A 404 on a
    // create is a refusal too (here: an SSH key id Sesterce does not know), not "gone".
    const sshKey = { name: 'alice', publicKey: 'ssh-ed25519 AAAAFAKE', providerKeyId: 'fa4e00000000000000000bad' };
    const unknownKey = await failure(compute.provision(instance({ providerName: 'tally-r0000000003', sshKey })));
    expect(unknownKey).toMatchObject({ message: 'SSH key not found', status: 404 });
  });

  it('are refused with ProviderKeyRejected when the key is invalid', async () => {
    const error = await failure(computeFor({ apiKey: 'sk-FAKE-revoked' }).provision(instance()));
    expect(error).toBeInstanceOf(ProviderKeyRejected);
    expect(error.message).toBe('API key invalid');
  });
});
