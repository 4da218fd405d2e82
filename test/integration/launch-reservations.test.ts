import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { ProviderKeyRejected, ProviderRefused, simulatedCompute } from '../../src/ports/compute.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { PENDING_LIMIT_MS, watchLaunches } from '../../src/resources/watch-launches.ts';
import { type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';
import { deliver, ledgerSum } from '../support/ledger-sum.ts';
import { scriptedCompute } from '../support/scripted-compute.ts';

const dmTo = (h: Harness, to: string, title: string) => h.sent.find((s) => s.to === to && s.message.title === title);

describe('a launch reserves, asks the cloud outside any transaction, then confirms or refunds', () => {
  const h = useHarness({ operators: ['olga'] });
  let cloud = scriptedCompute();
  const useCloud = () => {
    cloud = scriptedCompute();
    h.deps.compute = cloud.compute;
    return cloud;
  };
  afterEach(() => {
    h.deps.compute = simulatedCompute();
  });

  async function acme() {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'co-owner' });
    await h.run('olga', `/credits grant 50 start team:${team.id}`);
    return team;
  }

  it('a launch whose cloud call is still out holds no lock: a top-up and a charge of the team go through meanwhile', async () => {
    const team = await acme();
    const held = useCloud().holdNext();
    let slowAnswered = false;
    const slow = h.run('alice', '/launch instance h100 slow team:Acme').finally(() => {
      slowAnswered = true;
    });
    await held.arrived; // the reservation is committed; the call is out, and stays out until released
    const timed = async (who: string, line: string) => {
      const at = Date.now();
      const answer = await h.run(who, line);
      return { ms: Date.now() - at, answer };
    };
    const topUp = await timed('olga', `/credits grant 5 meanwhile team:${team.id}`);
    const charge = await timed('alice', '/launch instance h100 quick team:Acme');
    expect(slowAnswered).toBe(false); // both went through while the slow launch's call was still out
    held.release();
    const launched = await slow;
    // How long the top-up and the charge take beside a 10 s cloud call: npm run bench:launch-lock.
    expect(topUp.ms).toBeLessThan(1_000);
    expect(charge.ms).toBeLessThan(1_000);
    expect(textOf(topUp.answer)).toContain('5.00');
    expect(textOf(charge.answer)).toContain('Launched instance quick in Acme');
    expect(textOf(launched)).toContain('Launched instance slow in Acme');
    expect(await ledgerSum(h, team.id)).toBe(5000 + 500 - 2 * 249);
  });

  it('a refusal refunds the first hour and says why; the name is free again', async () => {
    const team = await acme();
    useCloud().script.fail = new ProviderRefused('No capacity left for H100 in this region.', 400);
    const refused = await h.run('alice', '/launch instance h100 train team:Acme');
    expect(refused.tone).toBe('error');
    expect(textOf(refused)).toContain(
      'The cloud refused to launch instance train: No capacity left for H100 in this region. Its first hour was refunded.',
    );
    expect(await h.db.resource.findFirstOrThrow()).toMatchObject({ status: 'failed', liveName: null });
    expect(await ledgerSum(h, team.id)).toBe(5000);
    cloud.script.fail = undefined;
    expect(textOf(await h.run('alice', '/launch instance h100 train team:Acme'))).toContain('Launched instance train');
    expect(await ledgerSum(h, team.id)).toBe(5000 - 249);
  });

  it('a machine that starts slowly is pending, and the launcher is told when it is up', async () => {
    await acme();
    useCloud().script.starting = true;
    const answer = await h.run('alice', '/launch instance h100 train team:Acme');
    expect(textOf(answer)).toContain(
      "Launching instance train in Acme. The cloud is starting it: you'll get a message with how to connect when it is up.",
    );
    const pending = await h.db.resource.findFirstOrThrow();
    expect(pending).toMatchObject({ status: 'pending', ipAddress: null });
    expect(textOf(await h.run('alice', '/resources list team:Acme'))).toContain(
      'train: instance h100 (starting at the cloud: not charged by the hour until it is up)',
    );
    h.clock.advance(20 * MINUTE);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 1, changed: 0 });
    cloud.activate(pending.providerId!);
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 1, changed: 1 });
    const running = await h.db.resource.findFirstOrThrow();
    expect(running).toMatchObject({ status: 'running', ipAddress: '203.0.113.7', sshUser: 'ubuntu' });
    expect(running.paidUntil.getTime()).toBe(h.clock.now().getTime() + HOUR); // the paid hour starts when up
    await deliver(h);
    const ready = dmTo(h, 'alice', 'Ready')!;
    expect(textOf(ready.message)).toContain('instance train in Acme is running.');
    expect(textOf(ready.message)).toContain('Connect: ssh ubuntu@203.0.113.7');
    expect(await watchLaunches(h.deps)).toMatchObject({ checked: 0 });
  });

  it('a machine in error, or still starting after 30 minutes, is refunded and given back', async () => {
    const team = await acme();
    useCloud().script.starting = true;
    await h.run('alice', '/launch instance h100 one team:Acme');
    await h.run('alice', '/launch instance h100 two team:Acme');
    const [one, two] = await h.db.resource.findMany({ orderBy: { name: 'asc' } });
    cloud.break(one!.providerId!, 'The host failed its health check.');
    await watchLaunches(h.deps);
    h.clock.advance(2 * HOUR);
    await meterResources(h.deps);
    expect(await ledgerSum(h, team.id)).toBe(5000 - 249); // pending is not metered: only two's first hour
    expect(PENDING_LIMIT_MS).toBeLessThan(2 * HOUR);
    await watchLaunches(h.deps);
    expect(await h.db.resource.findMany({ orderBy: { name: 'asc' } })).toMatchObject([
      { name: 'one', status: 'failed', statusReason: 'The host failed its health check.' },
      { name: 'two', status: 'failed', statusReason: 'it was still starting after 30 minutes, so it was given back.' },
    ]);
    expect(await cloud.compute.list()).toEqual([]);
    expect(await ledgerSum(h, team.id)).toBe(5000);
    expect(two).toBeDefined();
    await deliver(h);
    const failed = h.sent.filter((s) => s.to === 'alice' && s.message.title === 'Launch failed');
    expect(failed.map((s) => textOf(s.message))).toEqual([
      expect.stringContaining('instance one in Acme could not be started: The host failed its health check.'),
      expect.stringContaining('instance two in Acme could not be started: it was still starting after 30 minutes'),
    ]);
  });

  it('stopping a machine that never came up refunds its whole first hour', async () => {
    const team = await acme();
    useCloud().script.starting = true;
    await h.run('alice', '/launch instance h100 train team:Acme');
    const stopped = await h.run('alice', '/resources stop train team:Acme');
    expect(textOf(stopped)).toContain('Stopped');
    expect(await ledgerSum(h, team.id)).toBe(5000);
    expect(await cloud.compute.list()).toEqual([]);
  });

  it('a rejected cloud key refuses launches politely and tells the operators once an hour', async () => {
    const team = await acme();
    useCloud().script.fail = new ProviderKeyRejected('API key invalid');
    const first = await h.run('alice', '/launch instance h100 one team:Acme');
    await h.run('alice', '/launch instance h100 two team:Acme');
    expect(textOf(first)).toContain(
      "Launches are unavailable: the cloud refused Tally's credentials. The operators have been told. The first hour of instance one was refunded.",
    );
    expect(await ledgerSum(h, team.id)).toBe(5000);
    await deliver(h);
    const told = h.sent.filter((s) => s.to === 'olga' && s.message.title === 'Cloud API key rejected');
    expect(told).toHaveLength(1);
    expect(textOf(told[0]!.message)).toContain('The cloud (simulated) rejected Tally\'s API key: "API key invalid".');
  });
});
