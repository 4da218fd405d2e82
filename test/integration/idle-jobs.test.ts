import { describe, expect, it } from 'vitest';
import { scanBalances } from '../../src/jobs/scan-balances.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { useHarness } from '../support/harness.ts';

/**
 * What the scheduled jobs cost when there is nothing to do (a new deployment, a quiet one): one
 * read each, counted where statements leave for the driver, as in round-trips.test.ts. Metering
 * runs every minute; before, each of its workers opened a locking transaction (three statements),
 * and the balance scan sent four.
 */
describe('scheduled jobs with nothing to do', () => {
  const statements: string[] = [];
  let counting = false;
  const h = useHarness({ onStatement: (sql) => counting && statements.push(sql) });
  const count = async (run: () => Promise<unknown>) => {
    statements.length = 0;
    counting = true;
    await run();
    counting = false;
    return statements.map((sql) => sql.trim().slice(0, 60));
  };

  it('metering and the balance scan each send one statement', async () => {
    await h.run('alice', '/team create Acme'); // a team without credits or resources
    expect(await count(() => meterResources(h.deps, { concurrency: 3 }))).toHaveLength(1);
    expect(await count(() => scanBalances(h.deps))).toHaveLength(1);
  });

  it('with a resource running and paid for, metering still sends one; the scan runs in full', async () => {
    await h.run('alice', '/team create Acme');
    await h.run('alice', '/credits add 100');
    await h.run('alice', '/launch instance h100 box');
    expect(await count(() => meterResources(h.deps, { concurrency: 3 }))).toHaveLength(1); // paid for this hour
    expect((await count(() => scanBalances(h.deps))).length).toBeGreaterThan(1);
  });
});
