import { afterEach, describe, expect, it } from 'vitest';
import type { ProvisionRequest } from '../../src/ports/compute.ts';
import { ProviderKeyRejected, simulatedCompute } from '../../src/ports/compute.ts';
import { type Catalog, fixedCatalog, loadCatalog } from '../../src/resources/catalog.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

/** A live cloud's offers, as the Sesterce catalog gives them: regions and OS images, the first the default. */
const LIVE: Catalog = {
  ...loadCatalog(),
  instances: [
    {
      id: 'h100x1',
      label: '1x H100 80 GB, 26 vCPU, 225 GB RAM',
      hourly: 274,
      gpu: 'H100',
      gpuCount: 1,
      regions: ['eu-west', 'us-east'],
      os: ['ubuntu22.04_cuda12.2', 'ubuntu24.04_cuda12.4'],
    },
    {
      id: 'h100x8',
      label: '8x H100 80 GB, 208 vCPU, 1800 GB RAM',
      hourly: 2191,
      gpu: 'H100',
      gpuCount: 8,
      regions: ['us-east'],
      os: ['ubuntu22.04_cuda12.2'],
    },
    { id: 'a100_80gx1', label: '1x A100 80 GB', hourly: 164, gpu: 'A100_80G', gpuCount: 1, regions: ['eu-west'] },
  ],
};

describe('launching on a cloud with regions and OS images', () => {
  const h = useHarness();
  const asked: ProvisionRequest[] = [];
  const cloud = () => {
    const inner = simulatedCompute();
    h.deps.catalog = fixedCatalog(LIVE);
    h.deps.compute = {
      ...inner,
      provision: (request) => {
        asked.push(request);
        return inner.provision(request);
      },
    };
  };
  afterEach(() => {
    asked.length = 0;
    h.deps.catalog = fixedCatalog(loadCatalog());
    h.deps.compute = simulatedCompute();
  });

  it("takes the offer in any case, the offer's first region and OS unless asked, and refuses what it lacks", async () => {
    cloud();
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 100');
    expect(textOf(await h.run('alice', '/launch instance H100x1 one'))).toContain('Launched instance one in Acme');
    expect(asked[0]).toMatchObject({ spec: 'h100x1', region: 'eu-west', os: 'ubuntu22.04_cuda12.2' });
    await h.run('alice', '/launch instance h100x1 two region:US-EAST os:ubuntu24.04_cuda12.4');
    expect(asked[1]).toMatchObject({ region: 'us-east', os: 'ubuntu24.04_cuda12.4' });
    expect(await h.db.resource.findMany({ orderBy: { name: 'asc' }, select: { name: true, region: true } })).toEqual([
      { name: 'one', region: 'eu-west' },
      { name: 'two', region: 'us-east' },
    ]);
    const nowhere = await h.run('alice', '/launch instance h100x8 three region:eu-west');
    expect(textOf(nowhere)).toContain('h100x8 has no region "eu-west". It takes: us-east.');
    const noOs = await h.run('alice', '/launch instance h100x1 four os:windows');
    expect(textOf(noOs)).toContain(
      'h100x1 has no OS image "windows". It takes: ubuntu22.04_cuda12.2, ubuntu24.04_cuda12.4.',
    );
    expect(asked).toHaveLength(2);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(10000 - 2 * 274);
  });

  it('on the simulator: no regions to choose, count: filters, and a rejected key asks the person to pass it on', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 100');
    expect(textOf(await h.run('alice', '/launch instance h100 one region:eu-west'))).toContain(
      'h100 has no regions to choose from here: launch it without region:.',
    );
    const eight = (await h.run('alice', '/launch catalog gpu:h100 count:8')).items ?? [];
    expect(eight.map((i) => /`([^`]+)`/.exec(i.text)?.[1])).toEqual(['h100x8']);
    h.deps.compute = {
      ...simulatedCompute(),
      provision: () => Promise.reject(new ProviderKeyRejected('API key invalid')),
    };
    expect(textOf(await h.run('alice', '/launch instance h100 two'))).toContain(
      "Launches are unavailable: the cloud refused Tally's credentials. Please tell whoever runs this Tally.",
    );
    expect((await h.teamNamed('Acme')).balanceCents).toBe(10000);
  });

  it('/launch catalog filters instance offers by GPU, region and count', async () => {
    cloud();
    const ids = async (line: string) =>
      ((await h.run('alice', line)).items ?? []).map((i) => /`([^`]+)`/.exec(i.text)?.[1]).filter(Boolean);
    expect(await ids('/launch catalog gpu:h100 count:8')).toEqual(['h100x8']);
    expect(await ids('/launch catalog region:EU-WEST')).toEqual(['h100x1', 'a100_80gx1']);
    expect(await ids('/launch catalog gpu:a100')).toEqual(['a100_80gx1']);
    const all = await h.run('alice', '/launch catalog');
    expect(textOf(all)).toContain('instance h100x1: 1x H100 80 GB, 26 vCPU, 225 GB RAM, 2.74/h in eu-west, us-east');
    expect(textOf(all)).toContain('volume:');
    expect(textOf(await h.run('alice', '/launch catalog gpu:b200'))).toContain('No instance offer matches that now.');
  });
});
