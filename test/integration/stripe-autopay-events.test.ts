import { describe, expect, it } from 'vitest';
import { readStripeEvent } from '../../adapters/stripe/read-event.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';
import { useStripe } from '../support/stripe-harness.ts';

// What Stripe reports about automatic top-up, as Tally reads it, and its delivery through the signed webhook.
describe('automatic top-up through Stripe (its events)', () => {
  const h = useHarness({ operators: ['olga'] });
  const stripe = useStripe(h);
  const read = (payload: string) => readStripeEvent(JSON.parse(payload));
  const TEAM = 'team-acme';

  /** A card-saving page for TEAM, completed with a Visa unless `save` is false. */
  async function setupPage(save = true) {
    const autopay = stripe.payments.autopay;
    const customerRef = await autopay.customerFor({ id: TEAM, name: 'Acme' });
    const link = await autopay.startCardSetup({
      teamId: TEAM,
      teamName: 'Acme',
      currency: 'USD',
      payer: { userId: 'U00FAKEALICE', displayName: 'alice' },
      customerRef,
      idempotencyKey: 'slack:event:Ev00FAKE1',
    });
    const session = save ? stripe.fake.saveCard(link.sessionId) : stripe.fake.sessions.get(link.sessionId)!;
    return { customerRef, session };
  }

  /** An automatic top-up of 25.00 charged on the saved card, answering as `behaviour` says; its payment intent. */
  async function autopayCharge(behaviour: 'succeed' | 'processing' | 'decline' = 'processing') {
    const { customerRef, session } = await setupPage();
    const card = await stripe.payments.autopay.savedCard(session.setup_intent!);
    stripe.fake.cardBehaviour.set(card.cardRef, behaviour);
    await stripe.payments.autopay.chargeSavedCard({
      teamId: TEAM,
      chargeId: 'autopay-0001',
      amountCents: 2500,
      currency: 'USD',
      customerRef,
      cardRef: card.cardRef,
      description: 'Tally automatic top-up',
    });
    return [...stripe.fake.paymentIntents.values()].at(-1)!;
  }

  it('reads a completed card-saving page as card_saved, its setup intent given as an id or expanded', async () => {
    const { session } = await setupPage();
    const news = {
      kind: 'card_saved',
      sessionId: session.id,
      teamId: TEAM,
      payerId: 'U00FAKEALICE',
      setupRef: session.setup_intent,
    };
    expect(read(stripe.fake.event('checkout.session.completed', session))).toEqual(news);
    const expanded = { ...session, setup_intent: stripe.fake.cards.setupIntents.get(session.setup_intent!) };
    expect(read(stripe.fake.event('checkout.session.completed', expanded))).toEqual(news);
  });

  it('ignores, with why, a card-saving page that expired, lost its setup, or that Tally did not make', async () => {
    const { session } = await setupPage(false);
    const expired = stripe.fake.expire(session.id);
    expect(read(stripe.fake.event('checkout.session.expired', expired))).toEqual({
      kind: 'ignored',
      why: 'a card-saving page expired: no card saved, nothing charged',
    });
    expect(read(stripe.fake.event('checkout.session.completed', { ...expired, status: 'complete' }))).toEqual({
      kind: 'ignored',
      why: 'a card-saving page completed without its setup intent',
    });
    const foreign = { ...stripe.fake.saveCard(session.id), metadata: {} };
    expect(read(stripe.fake.event('checkout.session.completed', foreign))).toEqual({
      kind: 'ignored',
      why: 'a card-saving page Tally did not create',
    });
  });

  it('reads an automatic top-up’s payment: autopay_paid when it succeeds, autopay_failed when it fails', async () => {
    const accepted = await autopayCharge('processing');
    expect(read(stripe.fake.paymentIntentEvent(accepted.id, 'succeeded'))).toEqual({
      kind: 'autopay_paid',
      chargeId: 'autopay-0001',
      teamId: TEAM,
      paymentReference: accepted.id,
      amountCents: 2500,
      currency: 'USD',
    });
    expect(read(stripe.fake.paymentIntentEvent(accepted.id, 'failed'))).toEqual({
      kind: 'autopay_failed',
      chargeId: 'autopay-0001',
      teamId: TEAM,
      paymentReference: accepted.id,
      reason: 'Your card was declined.',
    });
    expect(read(stripe.fake.event('payment_intent.created', accepted))).toEqual({
      kind: 'ignored',
      why: 'payment_intent.created of an automatic top-up: only its success or failure is acted on',
    });
    const bare = { ...accepted, last_payment_error: null };
    expect(read(stripe.fake.event('payment_intent.payment_failed', bare))).toMatchObject({
      reason: 'the payment failed',
    });
  });

  it('never reads a Checkout payment’s intent as a payment: the top-up is posted from its session, once', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    const answer = await h.run('alice', '/credits add 50');
    const session = [...stripe.fake.sessions.values()].at(-1);
    if (!session) throw new Error(`no session: ${textOf(answer)}`);
    const paid = stripe.fake.pay(session.id);
    const intent = stripe.fake.event('payment_intent.succeeded', stripe.fake.checkoutPaymentIntent(session.id));
    expect(read(intent)).toEqual({ kind: 'ignored', why: 'a Checkout payment: posted from its session' });
    expect(await stripe.deliver(intent)).toBe(200);
    expect(await stripe.deliver(stripe.fake.event('checkout.session.completed', paid))).toBe(200);
    expect(await stripe.deliver(intent)).toBe(200);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(5000);
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(1);
    const stranger = { ...stripe.fake.checkoutPaymentIntent(session.id), metadata: {} };
    expect(read(stripe.fake.event('payment_intent.succeeded', stranger))).toEqual({
      kind: 'ignored',
      why: 'a payment Tally did not make',
    });
  });

  it('stores a card-saving page’s completion and a top-up’s payment events that pass the signature check', async () => {
    const { session } = await setupPage();
    const completed = stripe.fake.event('checkout.session.completed', session);
    const intent = await autopayCharge('succeed');
    const succeeded = stripe.fake.paymentIntentEvent(intent.id, 'succeeded');
    expect(await stripe.deliver(completed)).toBe(200);
    expect(await stripe.deliver(succeeded)).toBe(200);
    expect(await stripe.deliver(stripe.fake.paymentIntentEvent(intent.id, 'failed'), 'v1=forged')).toBe(400);
    const events = await h.db.paymentEvent.findMany({ orderBy: { receivedAt: 'asc' } });
    expect(events.map((e) => [e.id, e.type])).toEqual([
      [JSON.parse(completed).id, 'checkout.session.completed'],
      [JSON.parse(succeeded).id, 'payment_intent.succeeded'],
    ]);
  });

  it('serves the pages a card-saving page returns to', async () => {
    for (const [path, title] of [
      ['/stripe/card-saved?session=cs_test_FAKE1', 'Card saved'],
      ['/stripe/card-not-saved', 'No card saved'],
    ] as const) {
      const response = await fetch(stripe.url(path));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain(`<h1>${title}</h1>`);
    }
  });
});
