import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { eachAtOnce } from '../../src/jobs/each-at-once.ts';
import { startScheduler } from '../../src/jobs/scheduler.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { teamWith, useHarness } from '../support/harness.ts';

describe('scheduled jobs', () => {
  const h = useHarness();

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
