import { describe, expect, it } from 'vitest';
import { queueAutopayCharges } from '../../src/autopay/queue-charges.ts';
import { runAutopay } from '../../src/autopay/run-autopay.ts';
import { MINUTE } from '../../src/clock.ts';
import { drainAll } from '../support/drain-all.ts';
import { findButton, type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';
import { useStripe } from '../support/stripe-harness.ts';

type Stripe = ReturnType<typeof useStripe>;

/** The outbox's messages sent, as the pump would send them. */
const deliver = (h: Harness) => drainAll(h.deps, (ms) => h.clock.advance(ms));

/**
 * Acme (alice Owner, bob Co-Owner, mia Member) with 25.00, funded by an operator's adjustment, and
 * alice's `/credits autopay 50 below:20` with its card saved at Stripe: the card's id.
 */
async function acmeWithCard(h: Harness, stripe: Stripe) {
  const team = await teamWith(h, 'alice', 'Acme', { bob: 'co-owner', mia: 'member' });
  await h.run('olga', `/credits grant 25 opening balance team:${team.id}`);
  const asked = await h.run('alice', '/credits autopay 50 below:20 team:Acme');
  const page = findButton(asked, 'Save a card').url!;
  const session = [...stripe.fake.sessions.values()].find((s) => s.url === page)!;
  const saved = stripe.fake.saveCard(session.id);
  expect(await stripe.deliver(stripe.fake.event('checkout.session.completed', saved))).toBe(200);
  const autopay = await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } });
  return { team, asked, session, cardRef: autopay.cardRef! };
}

/** Launches `count` H100s (2.49 each) as alice. */
async function launch(h: Harness, names: string[]) {
  return Promise.all(names.map((name) => h.run('alice', `/launch instance h100 ${name} team:Acme`)));
}

const autopayRound = (h: Harness, stripe: Stripe) => runAutopay(h.deps, stripe.payments.autopay);

describe('automatic top-up through Stripe, end to end', () => {
  const h = useHarness({ operators: ['olga'] });
  const stripe = useStripe(h);

  it('saves a card through a setup page, then charges it once when launches cross the threshold', async () => {
    const { team, asked, session, cardRef } = await acmeWithCard(h, stripe);
    expect(asked.ephemeral).toBe(true);
    expect(textOf(asked)).toContain('Save a card to top up 50.00 credits whenever the balance falls below 20.00');
    expect(session).toMatchObject({ mode: 'setup', currency: 'usd', metadata: { tally_team_id: team.id } });
    expect(stripe.fake.cards.customers.size).toBe(1);
    await deliver(h);
    const saved = h.sent.find((s) => s.to === 'alice' && s.message.title === 'Automatic top-up on')!;
    expect(textOf(saved.message)).toContain('Card saved: Visa •••• 4242. Acme now tops up 50.00 credits');
    expect(textOf(await h.run('alice', '/credits autopay team:Acme'))).toContain(
      'Automatic top-up is on for Acme: 50.00 credits whenever the balance falls below 20.00.',
    );

    // 25.00 → 20.02 (not below) → two at once: 17.53 and 15.04; two rounds at once.
    await launch(h, ['one', 'two']);
    expect(await autopayRound(h, stripe)).toMatchObject({ queued: 0, accepted: 0 });
    await launch(h, ['three', 'four']);
    const rounds = await Promise.all([autopayRound(h, stripe), autopayRound(h, stripe)]);
    expect(rounds.reduce((sum, r) => sum + r.queued, 0)).toBe(1);
    expect(stripe.fake.paymentIntents.size).toBe(1);
    const [intent] = [...stripe.fake.paymentIntents.values()];
    expect(intent).toMatchObject({
      amount: 5000,
      currency: 'usd',
      payment_method: cardRef,
      requested: { off_session: 'true', confirm: 'true', metadata: { tally_team_id: team.id } },
    });

    // Stripe reports it five times at once, and once more later: posted once, with its invoice, and told.
    const event = stripe.fake.paymentIntentEvent(intent!.id, 'succeeded');
    expect(await Promise.all(Array.from({ length: 5 }, () => stripe.deliver(event)))).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(await stripe.deliver(event)).toBe(200);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(2500 - 4 * 249 + 5000);
    const invoices = await h.db.invoice.findMany({ where: { teamId: team.id } });
    expect(invoices).toMatchObject([{ amountCents: 5000, paymentMethod: 'card', paymentReference: intent!.id }]);
    await deliver(h);
    const told = h.sent.filter((s) => s.message.title === 'Automatic top-up');
    expect(told.map((s) => s.to)).toEqual(['alice']);
    expect(textOf(told[0]!.message)).toContain(
      'Automatic top-up: +50.00 credits for Acme, charged to Visa •••• 4242. Balance: 65.04.',
    );
    expect(await h.db.autopayCharge.findMany({ where: { teamId: team.id } })).toMatchObject([
      { status: 'succeeded', paymentReference: intent!.id },
    ]);
    // Back above the threshold: re-armed, and the next fall charges again.
    expect(await autopayRound(h, stripe)).toMatchObject({ queued: 0 });
    expect((await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } })).armed).toBe(true);
  });

  it('a declined card tells the billing roles with a page to fix it, counts once, and turns off after three', async () => {
    const { team, cardRef } = await acmeWithCard(h, stripe);
    stripe.fake.cardBehaviour.set(cardRef, 'decline');
    const fallAndFail = async () => {
      await h.run('olga', `/credits grant 10 top team:${team.id}`); // 25.00, back above: re-armed
      await autopayRound(h, stripe);
      await h.run('olga', `/credits adjust -10 test team:${team.id}`);
      return autopayRound(h, stripe);
    };
    await h.run('olga', `/credits adjust -10 test team:${team.id}`);
    expect(await autopayRound(h, stripe)).toMatchObject({ queued: 1, declined: 1 });
    expect((await h.teamNamed('Acme')).balanceCents).toBe(1500);
    await deliver(h);
    const alerts = h.sent.filter((s) => s.message.title === 'Automatic top-up failed');
    expect(alerts.map((s) => s.to).sort()).toEqual(['alice', 'bob']);
    expect(textOf(alerts[0]!.message)).toContain(
      'The automatic top-up of 50.00 USD for Acme did not go through: Your card was declined. No credits were added.',
    );
    const fix = findButton(alerts[0]!.message, 'Update the card').url!;
    expect([...stripe.fake.sessions.values()].find((s) => s.url === fix)).toMatchObject({ mode: 'setup' });
    // Stripe's own report of the same decline counts nothing more.
    const [declined] = [...stripe.fake.paymentIntents.values()];
    expect(await stripe.deliver(stripe.fake.paymentIntentEvent(declined!.id, 'failed'))).toBe(200);
    expect((await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } })).failures).toBe(1);

    await fallAndFail();
    await deliver(h);
    h.sent.length = 0;
    await fallAndFail();
    const settings = await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } });
    expect(settings).toMatchObject({ status: 'off', failures: 3, offReason: 'the card failed 3 times in a row' });
    await deliver(h);
    const last = h.sent.find((s) => s.to === 'alice' && s.message.title === 'Automatic top-up failed')!;
    expect(textOf(last.message)).toContain('After 3 failed charges in a row, automatic top-up is now off.');
    expect(textOf(await h.run('alice', '/credits autopay team:Acme'))).toContain(
      'Automatic top-up is off for Acme: the card failed 3 times in a row.',
    );
    // A new card through the alert's page turns it on again.
    const page = [...stripe.fake.sessions.values()].find(
      (s) => s.url === findButton(last.message, 'Update the card').url,
    )!;
    await stripe.deliver(stripe.fake.event('checkout.session.completed', stripe.fake.saveCard(page.id)));
    expect(await h.db.autopay.findUniqueOrThrow({ where: { teamId: team.id } })).toMatchObject({
      status: 'on',
      failures: 0,
    });
  });

  it('Stripe unreachable: the charge waits and is sent again under the same id, one payment', async () => {
    const { team } = await acmeWithCard(h, stripe);
    stripe.fake.cards.chargeFailures.push(500, 500, 500); // the SDK's own two retries, and one more
    await h.run('olga', `/credits adjust -10 test team:${team.id}`);
    expect(await autopayRound(h, stripe)).toMatchObject({ queued: 1, retried: 1 });
    expect(await autopayRound(h, stripe)).toMatchObject({ retried: 0, accepted: 0 }); // not due yet
    h.clock.advance(MINUTE);
    expect(await autopayRound(h, stripe)).toMatchObject({ accepted: 1 });
    expect(stripe.fake.paymentIntents.size).toBe(1);
    expect(await h.db.autopayCharge.findMany({ where: { teamId: team.id } })).toMatchObject([
      { status: 'accepted', attempts: 2 },
    ]);
  });

  it('/credits autopay off cancels a charge not yet sent; on again needs no new card', async () => {
    const { team } = await acmeWithCard(h, stripe);
    await h.run('olga', `/credits adjust -10 test team:${team.id}`);
    expect(await queueAutopayCharges(h.deps, stripe.payments.autopay.policy)).toBe(1);
    const off = await h.run('alice', '/credits autopay off team:Acme');
    expect(textOf(off)).toContain('Automatic top-up is off for Acme: no more automatic charges.');
    expect(await autopayRound(h, stripe)).toMatchObject({ accepted: 0, cancelled: 0 });
    expect(stripe.fake.paymentIntents.size).toBe(0);
    expect(await h.db.autopayCharge.findMany({ where: { teamId: team.id } })).toMatchObject([{ status: 'cancelled' }]);
    const sessions = stripe.fake.sessions.size;
    const on = await h.run('alice', '/credits autopay 40 below:16 team:Acme');
    // One term alone changes just that one.
    expect(textOf(await h.run('alice', '/credits autopay below:17 team:Acme'))).toContain(
      'Acme now tops up 40.00 credits whenever the balance falls below 17.00',
    );
    expect(textOf(await h.run('alice', '/credits autopay below:16 team:Acme'))).toContain('below 16.00');
    expect(textOf(on)).toContain(
      'Acme now tops up 40.00 credits whenever the balance falls below 16.00, charged to Visa •••• 4242.',
    );
    expect(stripe.fake.sessions.size).toBe(sessions);
    expect(await autopayRound(h, stripe)).toMatchObject({ queued: 1, accepted: 1 });
    expect([...stripe.fake.paymentIntents.values()]).toMatchObject([{ amount: 4000 }]);
  });

  it('needs billing.manage, both terms, and amounts within the limits', async () => {
    await teamWith(h, 'alice', 'Acme', { mia: 'member' });
    expect(textOf(await h.run('mia', '/credits autopay 50 below:20 team:Acme'))).toContain('billing.manage');
    expect(textOf(await h.run('alice', '/credits autopay 50 team:Acme'))).toContain(
      'Give both the amount and the threshold, like /credits autopay 50 below:20.',
    );
    expect(textOf(await h.run('alice', '/credits autopay 50 below:0 team:Acme'))).toContain(
      'The threshold must be more than 0.',
    );
    expect(textOf(await h.run('alice', '/credits autopay 1 below:20 team:Acme'))).toContain(
      'One automatic top-up adds between 5.00 USD and 10,000.00 USD, not 1.00 USD.',
    );
    expect(textOf(await h.run('alice', '/credits autopay team:Acme'))).toContain('Automatic top-up is off for Acme.');
    expect(stripe.fake.requests).toHaveLength(0);
  });
});

describe('automatic top-up without a card processor', () => {
  const h = useHarness();

  it('is refused politely, pointing at /credits add', async () => {
    await teamWith(h, 'alice', 'Acme');
    const refused = await h.run('alice', '/credits autopay 50 below:20 team:Acme');
    expect(textOf(refused)).toContain(
      'Automatic top-up charges a saved card, and this Tally takes no card payments. Use /credits add',
    );
    expect(await h.db.autopay.count()).toBe(0);
    expect(textOf(await h.run('alice', '/credits autopay team:Acme'))).toContain(
      'Automatic top-up charges a saved card, and this Tally takes no card payments: it is off.',
    );
    expect(textOf(await h.run('alice', '/credits autopay 50 team:Acme'))).toContain('takes no card payments');
  });
});
