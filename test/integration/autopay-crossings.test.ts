import { describe, expect, it } from 'vitest';
import { queueAutopayCharges } from '../../src/autopay/queue-charges.ts';
import { DAY, HOUR } from '../../src/clock.ts';
import { type Harness, teamWith, useHarness } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const POLICY = { dailyMax: 3, maxFailures: 3 };

/** Acme with 25.00 and automatic top-up on: 50.00 whenever the balance falls below 20.00. */
async function acmeWithAutopay(h: Harness) {
  const team = await teamWith(h, 'alice', 'Acme');
  await h.run('alice', '/credits add 25 team:Acme');
  await h.db.autopay.create({
    data: {
      teamId: team.id,
      status: 'on',
      amountCents: 5000,
      thresholdCents: 2000,
      customerRef: 'cus_1',
      cardRef: 'pm_1',
      cardLabel: 'Visa •••• 4242',
      updatedAt: h.clock.now(),
    },
  });
  return team;
}

/** An operator's adjustment: the balance moved by something that is neither a launch nor a top-up. */
const adjust = (h: Harness, teamId: string, amount: string) =>
  h.run('alice', `/credits adjust ${amount} test team:${teamId}`);

const charges = (h: Harness, teamId: string) =>
  h.db.autopayCharge.findMany({ where: { teamId }, orderBy: { crossing: 'asc' } });

describe('automatic top-up: one charge per fall below the threshold', () => {
  const h = useHarness();

  it('two launches crossing together, and two runs at once, queue one charge', async () => {
    const team = await acmeWithAutopay(h);
    // 25.00 - 2 × 2.49 = 20.02, not below 20.00: the third and fourth launch cross, both at once.
    await h.run('alice', '/launch instance h100 one team:Acme');
    await h.run('alice', '/launch instance h100 two team:Acme');
    await Promise.all([
      h.run('alice', '/launch instance h100 three team:Acme'),
      h.run('alice', '/launch instance h100 four team:Acme'),
    ]);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(2500 - 4 * 249);
    const queued = await Promise.all([queueAutopayCharges(h.deps, POLICY), queueAutopayCharges(h.deps, POLICY)]);
    expect(queued.sort()).toEqual([0, 1]);
    expect(await charges(h, team.id)).toMatchObject([
      { id: `${team.id}:1`, crossing: 1, amountCents: 5000, status: 'queued' },
    ]);
    expect(await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } })).toMatchObject({
      armed: false,
      crossing: 1,
      chargeInFlight: `${team.id}:1`,
    });
    // Falling further is the same crossing: nothing more.
    await h.run('alice', '/launch instance h100 five team:Acme');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(0);
  });

  it('re-arms once the balance is back at the threshold, and charges the next fall', async () => {
    const team = await acmeWithAutopay(h);
    await adjust(h, team.id, '-15');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(1);
    // The charge settles (as its payment's event does), then the balance rises over 20.00 and falls again.
    await h.db.autopayCharge.update({ where: { id: `${team.id}:1` }, data: { status: 'succeeded' } });
    await h.db.autopay.update({ where: { teamId: team.id }, data: { chargeInFlight: null } });
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(0); // still below: no second charge this crossing
    await h.run('alice', '/credits add 20 team:Acme');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(0);
    expect((await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } })).armed).toBe(true);
    await adjust(h, team.id, '-15');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(1);
    expect((await charges(h, team.id)).map((c) => c.crossing)).toEqual([1, 2]);
  });

  it('never two in flight, and at most dailyMax in 24 hours', async () => {
    const team = await acmeWithAutopay(h);
    const settle = async (crossing: number) => {
      await h.db.autopayCharge.update({ where: { id: `${team.id}:${crossing}` }, data: { status: 'succeeded' } });
      await h.db.autopay.update({ where: { teamId: team.id }, data: { chargeInFlight: null } });
    };
    const fallAndRise = async () => {
      await adjust(h, team.id, '-15');
      const queued = await queueAutopayCharges(h.deps, POLICY);
      await h.run('alice', '/credits add 15 team:Acme');
      await queueAutopayCharges(h.deps, POLICY);
      return queued;
    };
    expect(await fallAndRise()).toBe(1);
    // Re-armed while the first is in flight: the next fall waits for it.
    expect(await fallAndRise()).toBe(0);
    await settle(1);
    await adjust(h, team.id, '-15');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(1);
    await settle(2);
    await h.run('alice', '/credits add 15 team:Acme');
    await queueAutopayCharges(h.deps, POLICY);
    expect(await fallAndRise()).toBe(1);
    await settle(3);
    expect(await fallAndRise()).toBe(0); // three in 24 hours: the fourth waits
    h.clock.advance(DAY + HOUR);
    await adjust(h, team.id, '-15');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(1);
    expect((await charges(h, team.id)).map((c) => c.crossing)).toEqual([1, 2, 3, 4]);
  });

  it('turned off, or its team deleted, charges nothing', async () => {
    const team = await acmeWithAutopay(h);
    await h.db.autopay.update({ where: { teamId: team.id }, data: { status: 'off' } });
    await adjust(h, team.id, '-15');
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(0);
    await h.db.autopay.update({ where: { teamId: team.id }, data: { status: 'on' } });
    await h.db.team.update({ where: { id: team.id }, data: { deletedAt: h.clock.now() } });
    expect(await queueAutopayCharges(h.deps, POLICY)).toBe(0);
  });

  it('the balance crossing the threshold wakes the listeners on commit; other changes do not', async () => {
    const team = await acmeWithAutopay(h);
    let wakes = 0;
    const unlisten = await h.database.listen('tally_autopay', () => wakes++);
    try {
      await h.run('alice', '/launch instance h100 one team:Acme'); // 22.51: above, and armed
      await h.run('alice', '/team edit description:"GPU people" team:Acme');
      await new Promise((done) => setTimeout(done, 300));
      expect(wakes).toBe(0);
      await adjust(h, team.id, '-10'); // 12.51: below, armed
      await waitFor(() => wakes > 0, 'the wake-up');
      await new Promise((done) => setTimeout(done, 100));
      expect(wakes).toBe(1);
    } finally {
      await unlisten();
    }
  });
});
