import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { drainOutbox } from '../../src/jobs/drain-outbox.ts';
import { eachAtOnce } from '../../src/jobs/each-at-once.ts';
import { startScheduler } from '../../src/jobs/scheduler.ts';
import { type ComputeProvider, simulatedCompute } from '../../src/ports/compute.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { sourceText } from '../../src/rich-text.ts';
import { suggest } from '../../src/suggest.ts';
import { teamWith, useHarness } from '../support/harness.ts';

function countingCompute() {
  const inner = simulatedCompute();
  const calls = { provisioned: 0, released: [] as string[] };
  const compute: ComputeProvider = {
    async provision(request) {
      calls.provisioned++;
      return inner.provision(request);
    },
    async release(providerId) {
      calls.released.push(providerId);
    },
  };
  return { compute, calls };
}

describe('fixes from review', () => {
  const h = useHarness({ poolSize: 8 });

  it('two launches of one name at once: one runs, the other is refused and its machine given back', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 50');
    const { compute, calls } = countingCompute();
    h.deps.compute = compute;
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, () => h.run('alice', '/launch instance h100 train')));
      expect(answers.filter((a) => a.tone === 'success')).toHaveLength(1);
      expect(answers.filter((a) => a.text.includes('already has a live resource called "train"'))).toHaveLength(3);
      expect(calls.provisioned - calls.released.length).toBe(1);
      expect((await h.teamNamed('Acme')).balanceCents).toBe(5000 - 249);
    } finally {
      h.deps.compute = simulatedCompute();
    }
  });

  it('suspension alerts the billing roles and releases the machine', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'co-owner' });
    await h.run('alice', '/credits alert 0');
    await h.run('alice', '/credits add 3');
    await h.run('alice', '/launch instance h100 a');
    const { compute, calls } = countingCompute();
    h.clock.advance(HOUR);
    expect((await meterResources({ ...h.deps, compute })).suspended).toHaveLength(1);
    expect(calls.released).toHaveLength(1);
    const seen: string[] = [];
    await drainOutbox({
      ...h.deps,
      notifier: {
        async sendDirect(to, m) {
          seen.push(`${to.platformUserId}: ${sourceText(m.text)}`);
        },
        async sendToChannel() {},
      },
    });
    expect(seen.sort()).toEqual([
      'alice: Suspended instance ‘a’ (h100) in *Acme*: the next hour costs 2.49 and the balance is 0.51.',
      'bob: Suspended instance ‘a’ (h100) in *Acme*: the next hour costs 2.49 and the balance is 0.51.',
    ]);
  });

  it('an expired or used-up link is not shown as active: /team invite makes a new one', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/team invite expires:1h');
    h.clock.advance(2 * HOUR);
    const again = await h.run('alice', '/team invite');
    expect(again.fields?.find((f) => f.label === 'Code')?.value).toMatch(/^TALLY-/);
  });

  it('autocomplete shows names only to those who may list them', async () => {
    await teamWith(h, 'alice', 'Acme', { mel: 'member' });
    await h.run('alice', '/team apikey create ci');
    const as = (name: string) => ({
      platform: 'console',
      workspaceId: 'local',
      platformUserId: name,
      displayName: name,
    });
    expect(await suggest(h.deps, as('alice'), 'apikey', '', 'Acme')).toEqual([{ name: 'ci', value: 'ci' }]);
    expect(await suggest(h.deps, as('mel'), 'apikey', '', 'Acme')).toEqual([]);
  });

  it('the scheduler runs each job on its cadence and never overlaps a job with itself', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const scheduler = startScheduler(h.deps, [
      {
        name: 'slow',
        every: '* * * * * *',
        async run() {
          runs++;
          running++;
          most = Math.max(most, running);
          await new Promise((done) => setTimeout(done, 1500));
          running--;
        },
      },
    ]);
    await new Promise((done) => setTimeout(done, 3300));
    await scheduler.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(most).toBe(1);
    expect(running).toBe(0); // stop() waited for the run in progress
  });

  it('a stopping run finishes the items it has begun and leaves the rest, which the next run bills once each', async () => {
    const begun: number[] = [];
    const finished: number[] = [];
    const controller = new AbortController();
    await eachAtOnce(
      [1, 2, 3, 4, 5, 6, 7, 8],
      { concurrency: 2, signal: controller.signal },
      async (item) => {
        begun.push(item);
        if (item === 3) controller.abort();
        await new Promise((done) => setTimeout(done, 20));
        finished.push(item);
      },
      () => {},
    );
    expect(begun).toEqual([1, 2, 3]);
    expect(finished.sort()).toEqual([1, 2, 3]);

    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 500');
    for (let i = 1; i <= 5; i++) expect((await h.run('alice', `/launch volume 10 v${i}`)).tone).toBe('success');
    h.clock.advance(HOUR + MINUTE);
    expect((await meterResources(h.deps, { signal: AbortSignal.abort() })).charged).toBe(0);
    expect((await meterResources(h.deps, { concurrency: 2 })).charged).toBe(5);
    expect(await h.db.ledgerEntry.count({ where: { idempotencyKey: { startsWith: 'meter:' } } })).toBe(5);
  });
});
