import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { CardSetupRequest, SavedCardCharge } from '../../src/ports/payments.ts';
import { useStripeAdapter } from '../support/stripe-harness.ts';

// The Stripe side of automatic top-up, the real SDK against the fake: what Tally asks, what it makes of the answers.
describe('automatic top-up through Stripe (the adapter)', () => {
  const s = useStripeAdapter();
  const autopay = () => s.payments.autopay;
  const ACME = { id: '0190f0a0-0000-7000-8000-00000000acme', name: 'Acme' };

  function setupRequest(customerRef: string, over: Partial<CardSetupRequest> = {}): CardSetupRequest {
    return {
      teamId: ACME.id,
      teamName: ACME.name,
      currency: 'EUR',
      payer: { userId: 'U00FAKEALICE', displayName: 'alice' },
      customerRef,
      idempotencyKey: 'slack:event:Ev00FAKE1',
      ...over,
    };
  }

  /** Acme's customer with a card saved through a setup page; the card's id. */
  async function savedCard(card?: Parameters<typeof s.fake.saveCard>[1], idempotencyKey = 'slack:event:Ev00FAKE1') {
    const customerRef = await autopay().customerFor(ACME);
    const { sessionId } = await autopay().startCardSetup(setupRequest(customerRef, { idempotencyKey }));
    const session = s.fake.saveCard(sessionId, card);
    return { customerRef, session, saved: await autopay().savedCard(session.setup_intent!) };
  }

  function charge(cardRef: string, customerRef: string, over: Partial<SavedCardCharge> = {}): SavedCardCharge {
    return {
      teamId: ACME.id,
      chargeId: 'autopay-0001',
      amountCents: 5000,
      currency: 'EUR',
      customerRef,
      cardRef,
      description: 'Tally automatic top-up: 50.00 credits for Acme',
      ...over,
    };
  }

  it('makes one customer per team, however often it is asked', async () => {
    const first = await autopay().customerFor(ACME);
    expect(await autopay().customerFor(ACME)).toBe(first);
    const other = await autopay().customerFor({ id: 'team-2', name: 'Globex' });
    expect(other).not.toBe(first);
    expect([...s.fake.cards.customers.values()]).toEqual([
      { id: first, object: 'customer', name: 'Acme', metadata: { tally_team_id: ACME.id } },
      { id: other, object: 'customer', name: 'Globex', metadata: { tally_team_id: 'team-2' } },
    ]);
    expect(s.fake.requests.map((r) => [r.path, r.idempotencyKey])).toEqual([
      ['/v1/customers', `tally-customer-${ACME.id}`],
      ['/v1/customers', `tally-customer-${ACME.id}`],
      ['/v1/customers', 'tally-customer-team-2'],
    ]);
  });

  it('makes a card-saving page: a setup-mode Checkout Session on the customer, once per chat event', async () => {
    const customerRef = await autopay().customerFor(ACME);
    const link = await autopay().startCardSetup(setupRequest(customerRef));
    expect(await autopay().startCardSetup(setupRequest(customerRef))).toEqual(link);
    expect(s.fake.sessions.size).toBe(1);
    const session = s.fake.sessions.get(link.sessionId)!;
    expect(link.url).toBe(session.url);
    const metadata = { tally_team_id: ACME.id, tally_payer_id: 'U00FAKEALICE' };
    expect(session).toMatchObject({
      mode: 'setup',
      customer: customerRef,
      currency: 'eur',
      amount_total: null,
      metadata,
      setup_intent: null,
      success_url: 'https://tally.example/stripe/card-saved?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://tally.example/stripe/card-not-saved',
    });
    expect(session.requested).toMatchObject({
      allowed_payment_method_types: ['card'],
      setup_intent_data: { metadata },
    });
    expect(session.requested).not.toHaveProperty('line_items');
    const keys = s.fake.requests.filter((r) => r.path === '/v1/checkout/sessions').map((r) => r.idempotencyKey);
    expect(keys[0]).toMatch(/^tally-card-setup-[0-9a-f]{64}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('reads the card a completed page saved: its id, its customer, and a label people recognise', async () => {
    const { customerRef, saved } = await savedCard();
    expect(saved).toEqual({
      cardRef: expect.stringMatching(/^pm_/),
      customerRef,
      label: 'Visa •••• 4242',
    });
    expect(s.fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: expect.stringMatching(/^\/v1\/setup_intents\/seti_/),
    });
    const amex = await savedCard(
      { brand: 'amex', last4: '0005', exp_month: 1, exp_year: 2031 },
      'slack:event:Ev00FAKE2',
    );
    expect(amex.saved.label).toBe('American Express •••• 0005');
  });

  it('charges the saved card off-session, keyed by the charge id, and says the payment was accepted', async () => {
    const { customerRef, saved } = await savedCard();
    const result = await autopay().chargeSavedCard(charge(saved.cardRef, customerRef));
    const [intent, ...more] = s.fake.paymentIntents.values();
    expect(more).toEqual([]);
    expect(result).toEqual({ outcome: 'accepted', paymentReference: intent!.id });
    expect(intent!.requested).toMatchObject({
      amount: '5000',
      currency: 'eur',
      customer: customerRef,
      payment_method: saved.cardRef,
      off_session: 'true',
      confirm: 'true',
      allowed_payment_method_types: ['card'],
      description: 'Tally automatic top-up: 50.00 credits for Acme',
      metadata: { tally_team_id: ACME.id, tally_autopay_charge: 'autopay-0001' },
    });
    expect(s.fake.requests.at(-1)!.idempotencyKey).toBe('tally-autopay-autopay-0001');
    // Asked again (the core lost the answer): the same payment, not a second one.
    expect(await autopay().chargeSavedCard(charge(saved.cardRef, customerRef))).toEqual(result);
    expect(s.fake.paymentIntents.size).toBe(1);
  });

  it('counts a payment still processing as accepted: its outcome comes in an event', async () => {
    const { customerRef, saved } = await savedCard();
    s.fake.cardBehaviour.set(saved.cardRef, 'processing');
    const result = await autopay().chargeSavedCard(charge(saved.cardRef, customerRef));
    const [intent] = s.fake.paymentIntents.values();
    expect(intent!.status).toBe('processing');
    expect(result).toEqual({ outcome: 'accepted', paymentReference: intent!.id });
  });

  it('says declined, in Stripe’s words, when the card is declined or its bank asks for authentication', async () => {
    const { customerRef, saved } = await savedCard();
    s.fake.cardBehaviour.set(saved.cardRef, 'decline');
    const declined = await autopay().chargeSavedCard(charge(saved.cardRef, customerRef, { chargeId: 'c-1' }));
    s.fake.cardBehaviour.set(saved.cardRef, 'authentication_required');
    const authentication = await autopay().chargeSavedCard(charge(saved.cardRef, customerRef, { chargeId: 'c-2' }));
    s.fake.cardBehaviour.set(saved.cardRef, 'requires_action');
    const action = await autopay().chargeSavedCard(charge(saved.cardRef, customerRef, { chargeId: 'c-3' }));
    const [first, second, third] = [...s.fake.paymentIntents.keys()];
    expect(declined).toEqual({ outcome: 'declined', paymentReference: first, reason: 'Your card was declined.' });
    const bank =
      "The card's bank asks the cardholder to authenticate this payment, which an automatic top-up cannot do.";
    expect(authentication).toEqual({ outcome: 'declined', paymentReference: second, reason: bank });
    expect(action).toEqual({ outcome: 'declined', paymentReference: third, reason: bank });
  });

  it('says declined when the saved card or its customer is gone, without a payment', async () => {
    const { customerRef, saved } = await savedCard();
    s.fake.cards.paymentMethods.get(saved.cardRef)!.customer = null; // detached in the Dashboard
    expect(await autopay().chargeSavedCard(charge(saved.cardRef, customerRef, { chargeId: 'c-1' }))).toEqual({
      outcome: 'declined',
      paymentReference: null,
      reason:
        'The saved card was removed at Stripe: it can no longer be charged ' +
        `(Stripe: "No such PaymentMethod: '${saved.cardRef}'").`,
    });
    const gone = await autopay().chargeSavedCard(charge('pm_x', 'cus_gone', { chargeId: 'c-2' }));
    expect(gone).toMatchObject({
      outcome: 'declined',
      paymentReference: null,
      reason: expect.stringContaining('cus_gone'),
    });
    expect(s.fake.paymentIntents.size).toBe(0);
  });

  it('makes one payment when Stripe fails with a 500 first: the SDK retries under the same key', async () => {
    const { customerRef, saved } = await savedCard();
    s.fake.cards.chargeFailures.push(500);
    const result = await autopay().chargeSavedCard(charge(saved.cardRef, customerRef));
    expect(result.outcome).toBe('accepted');
    const tries = s.fake.requests.filter((r) => r.path === '/v1/payment_intents');
    expect(tries.map((r) => r.idempotencyKey)).toEqual(['tally-autopay-autopay-0001', 'tally-autopay-autopay-0001']);
    expect(s.fake.paymentIntents.size).toBe(1);
  });

  it('throws on an outage that outlasts the retries, and on a rate limit; a later try makes one payment', async () => {
    const { customerRef, saved } = await savedCard();
    s.fake.cards.chargeFailures.push(500, 500, 500);
    const outage = autopay().chargeSavedCard(charge(saved.cardRef, customerRef));
    await expect(outage).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    s.fake.cards.chargeFailures.push(429);
    const limited = autopay().chargeSavedCard(charge(saved.cardRef, customerRef));
    await expect(limited).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(s.fake.paymentIntents.size).toBe(0);
    expect(await autopay().chargeSavedCard(charge(saved.cardRef, customerRef))).toMatchObject({ outcome: 'accepted' });
    expect(await autopay().chargeSavedCard(charge(saved.cardRef, customerRef))).toMatchObject({ outcome: 'accepted' });
    expect(s.fake.paymentIntents.size).toBe(1);
  });
});
