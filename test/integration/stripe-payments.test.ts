import { beforeEach, describe, expect, it } from 'vitest';
import { PAYMENT_EVENT_GRACE_MS, processPaymentEvents, recordPaymentEvent } from '../../src/credits/payment-events.ts';
import { drainAll } from '../support/drain-all.ts';
import { FAKE_WEBHOOK_SECRET } from '../support/fake-stripe.ts';
import { findButton, teamWith, textOf, useHarness } from '../support/harness.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { SELLER, useStripe } from '../support/stripe-harness.ts';

describe('card payments through Stripe', () => {
  const h = useHarness({ operators: ['olga'] });
  const stripe = useStripe(h);
  const deliver = (payload: string, signature?: string | null) => stripe.deliver(payload, signature);
  let fake: typeof stripe.fake;
  beforeEach(() => {
    fake = stripe.fake;
  });

  /** alice (Owner of Acme) asks to add `amount`; the session the fake made for it. */
  async function payLink(amount = '50') {
    const team = await teamWith(h, 'alice', 'Acme');
    const answer = await h.run('alice', `/credits add ${amount}`);
    const session = [...fake.sessions.values()].at(-1);
    if (!session) throw new Error(`no session: ${textOf(answer)}`);
    return { team, answer, session };
  }

  async function books(teamId: string) {
    const team = await h.db.team.findUniqueOrThrow({ where: { id: teamId } });
    const sum = await h.db.ledgerEntry.aggregate({ where: { teamId }, _sum: { amountCents: true } });
    return {
      balance: team.balanceCents,
      ledgerSum: sum._sum.amountCents ?? 0,
      entries: await h.db.ledgerEntry.count({ where: { teamId } }),
      invoices: await h.db.invoice.count({ where: { teamId } }),
    };
  }

  const drain = () => drainAll(h.deps, (ms) => h.clock.advance(ms));

  it('answers /credits add with a link to pay, from a Checkout Session, and credits nothing yet', async () => {
    const { team, answer, session } = await payLink('50');
    expect(answer.title).toBe('Pay to add credits');
    expect(answer.ephemeral).toBe(true);
    expect(textOf(answer)).toContain('Pay 50.00 USD by card to add 50.00 credits for Acme.');
    const pay = findButton(answer, 'Pay 50.00 USD');
    expect(pay.url).toBe(session.url);
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 5000,
      currency: 'usd',
      client_reference_id: team.id,
      metadata: { tally_team_id: team.id, tally_payer_id: await h.userId('alice') },
    });
    expect(session.requested).toMatchObject({
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '5000' } }],
      payment_intent_data: { metadata: { tally_team_id: team.id } },
    });
    expect(session.success_url).toBe('https://tally.example/stripe/paid?session={CHECKOUT_SESSION_ID}');
    expect(session.cancel_url).toBe('https://tally.example/stripe/cancelled');
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions' });
    expect(request!.idempotencyKey).toMatch(/^tally-checkout-[0-9a-f]{64}$/);
    expect(await books(team.id)).toEqual({ balance: 0, ledgerSum: 0, entries: 0, invoices: 0 });
  });

  it('makes one session for a repeated chat event, and gives operators a link too', async () => {
    await teamWith(h, 'olga', 'Ops');
    const first = await h.run('olga', '/credits add 20', 'slack:event:1');
    const again = await h.run('olga', '/credits add 20', 'slack:event:1');
    expect(fake.sessions.size).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(findButton(again, 'Pay 20.00 USD').url).toBe(findButton(first, 'Pay 20.00 USD').url);
    expect((await h.teamNamed('Ops')).balanceCents).toBe(0);
  });

  it('refuses amounts outside TALLY_TOPUP_MIN and TALLY_TOPUP_MAX before asking Stripe', async () => {
    await teamWith(h, 'alice', 'Acme');
    const low = await h.run('alice', '/credits add 4.99');
    expect(low.tone).toBe('error');
    expect(textOf(low)).toContain('One card payment adds between 5.00 USD and 10,000.00 USD, not 4.99 USD.');
    expect(textOf(await h.run('alice', '/credits add 10000.01'))).toContain('not 10,000.01 USD');
    expect(fake.requests).toHaveLength(0);
  });

  it('says so when Stripe gives no payment page, and posts nothing', async () => {
    await teamWith(h, 'alice', 'Acme');
    fake.failNext = 400;
    const answer = await h.run('alice', '/credits add 50');
    expect(answer.tone).toBe('error');
    expect(textOf(answer)).toContain('The card processor did not give a payment page, so nothing was charged.');
  });

  it('credits the payment once the signed webhook reports it: invoice, DM, alert channel', async () => {
    const { team, session } = await payLink('50');
    await h.run('alice', '/credits alert 10 C00FAKEOPS');
    h.sent.length = 0;
    const paid = fake.pay(session.id);
    expect(await deliver(fake.event('checkout.session.completed', paid))).toBe(200);
    expect(await books(team.id)).toEqual({ balance: 5000, ledgerSum: 5000, entries: 1, invoices: 1 });
    const invoice = await h.db.invoice.findFirstOrThrow({ where: { teamId: team.id } });
    expect(invoice).toMatchObject({
      paymentMethod: 'card',
      paymentReference: paid.payment_intent,
      amountCents: 5000,
      currency: 'USD',
      sellerName: SELLER.name,
    });
    const entry = await h.db.ledgerEntry.findFirstOrThrow({ where: { teamId: team.id } });
    expect(entry).toMatchObject({ kind: 'top_up', idempotencyKey: `topup:card:${session.id}` });
    await drain();
    const told = h.sent.filter((s) => s.message.title === 'Payment received');
    expect(told.map((s) => s.to).sort()).toEqual(['#C00FAKEOPS', 'alice']);
    expect(told[0]!.message.text).toBe('Payment received: *+50.00* credits for *Acme*. Balance: *50.00*.');
    expect(told[0]!.message.fields).toContainEqual({ label: 'Invoice', value: invoice.number });
  });

  it('acts once on a delivery repeated, and on the two events of one session in either order', async () => {
    const { team, session } = await payLink('30');
    const paid = fake.pay(session.id);
    const succeeded = fake.event('checkout.session.async_payment_succeeded', paid);
    // Paid by a slow method: the session completed unpaid, and its success came first.
    const completed = fake.event('checkout.session.completed', { ...paid, payment_status: 'unpaid' });
    expect(await deliver(succeeded)).toBe(200);
    expect(await deliver(succeeded)).toBe(200);
    expect(await deliver(completed)).toBe(200);
    expect(await deliver(fake.event('checkout.session.completed', paid))).toBe(200);
    expect(await books(team.id)).toEqual({ balance: 3000, ledgerSum: 3000, entries: 1, invoices: 1 });
    const events = await h.db.paymentEvent.findMany({ orderBy: { receivedAt: 'asc' } });
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.processedAt !== null)).toBe(true);
    expect(events.map((e) => e.outcome)).toContain('posted');
    await drain();
    expect(h.sent.filter((s) => s.to === 'alice' && s.message.title === 'Payment received')).toHaveLength(1);
  });

  it('posts once when the same webhook arrives five times at once', async () => {
    const { team, session } = await payLink('50');
    const payload = fake.event('checkout.session.completed', fake.pay(session.id));
    const signature = fake.sign(payload);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => deliver(payload, signature)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(await books(team.id)).toEqual({ balance: 5000, ledgerSum: 5000, entries: 1, invoices: 1 });
    expect(await h.db.paymentEvent.count()).toBe(1);
    await drain();
    expect(h.sent.filter((s) => s.to === 'alice' && s.message.title === 'Payment received')).toHaveLength(1);
  });

  it('posts once when both events of one session arrive at once, several times each', async () => {
    const { team, session } = await payLink('50');
    const paid = fake.pay(session.id);
    const payloads = [
      fake.event('checkout.session.completed', paid),
      fake.event('checkout.session.async_payment_succeeded', paid),
    ];
    const deliveries = Array.from({ length: 6 }, (_, i) => deliver(payloads[i % 2]!));
    expect(await Promise.all(deliveries)).toEqual(Array(6).fill(200));
    expect(await books(team.id)).toEqual({ balance: 5000, ledgerSum: 5000, entries: 1, invoices: 1 });
  });

  it('refuses a bad or missing signature with 400 and writes nothing', async () => {
    const { team, session } = await payLink('50');
    const payload = fake.event('checkout.session.completed', fake.pay(session.id));
    const stale = Math.floor(Date.now() / 1000) - 3600;
    for (const signature of [
      null,
      '',
      'garbage',
      fake.sign(payload, 'whsec_SOMEONEELSE000000000000'),
      fake.sign(payload, FAKE_WEBHOOK_SECRET, stale),
      fake.sign(`${payload} `),
    ])
      expect(await deliver(payload, signature)).toBe(400);
    // Signed, but not an event: refused too.
    for (const body of ['not json', 'null', '{}', '[1]', '{"id":"evt_x","type":7,"data":{}}'])
      expect(await deliver(body, fake.sign(body))).toBe(400);
    expect(await h.db.paymentEvent.count()).toBe(0);
    expect(await books(team.id)).toEqual({ balance: 0, ledgerSum: 0, entries: 0, invoices: 0 });
  });

  it('never answers 5xx to bad input, and stores none of it', async () => {
    const random = seededRandom(20261204);
    const valid = fake.event('checkout.session.completed', { id: 'cs_test_FAKE', object: 'checkout.session' });
    const garbage = () =>
      Array.from({ length: random.int(300) }, () => String.fromCharCode(random.int(0x3000))).join('');
    const ascii = () =>
      Array.from({ length: random.int(120) }, () => String.fromCharCode(32 + random.int(95))).join('');
    const bodies = Array.from({ length: 40 }, (_, i) => {
      if (i % 3 === 0) return valid.slice(0, random.int(valid.length)); // cut short
      if (i % 3 === 1) return valid.replace('completed', garbage()); // changed after signing
      return garbage();
    });
    const statuses = await Promise.all(
      bodies.map((body, i) => deliver(body, i % 2 ? fake.sign(valid) : random.pick([null, '', ascii()]))),
    );
    statuses.push(await deliver('x'.repeat(1_100_000), null));
    statuses.push(await deliver(garbage(), fake.sign(garbage())));
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([400, 413]));
    expect(await h.db.paymentEvent.count()).toBe(0);
  });

  it('records an event type Tally does not act on, and a session Tally did not make, and answers 200', async () => {
    expect(await deliver(fake.event('customer.created', { id: 'cus_FAKE1', object: 'customer' }))).toBe(200);
    const foreign = { ...fake.pay((await payLink('50')).session.id), metadata: {} };
    expect(await deliver(fake.event('checkout.session.completed', foreign))).toBe(200);
    const events = await h.db.paymentEvent.findMany({ orderBy: { receivedAt: 'asc' } });
    expect(events.map((e) => [e.type, e.outcome])).toEqual([
      ['customer.created', 'ignored: customer.created is not an event Tally acts on'],
      ['checkout.session.completed', 'ignored: a Checkout Session Tally did not create'],
    ]);
    expect(await h.db.ledgerEntry.count()).toBe(0);
  });

  it('tells the payer when a payment fails or its page expires', async () => {
    const { session } = await payLink('50');
    h.sent.length = 0;
    expect(await deliver(fake.event('checkout.session.async_payment_failed', session))).toBe(200);
    const second = await h.run('alice', '/credits add 25');
    const other = [...fake.sessions.values()].find((s) => s.amount_total === 2500)!;
    expect(findButton(second, 'Pay 25.00 USD').url).toBe(other.url);
    expect(await deliver(fake.event('checkout.session.expired', fake.expire(other.id)))).toBe(200);
    await drain();
    const told = h.sent.filter((s) => s.to === 'alice').map((s) => [s.message.title, s.message.text]);
    expect(told).toEqual([
      [
        'Payment failed',
        'Your payment of *50.00 USD* for *Acme* did not go through, so no credits were added. Try `/credits add` again.',
      ],
      [
        'Payment page expired',
        'The payment page for *25.00 USD* for *Acme* expired unpaid: nothing was charged and no credits were added.',
      ],
    ]);
    expect(await h.db.ledgerEntry.count()).toBe(0);
  });

  it('processes events stored but not processed (a crash after answering) when the job runs', async () => {
    const { team, session } = await payLink('50');
    const payload = JSON.parse(fake.event('checkout.session.completed', fake.pay(session.id)));
    await recordPaymentEvent(h.deps, { id: payload.id, type: payload.type, payload });
    expect((await h.teamNamed('Acme')).balanceCents).toBe(0);
    // Just stored: the delivery that stored it may be processing it still.
    expect(await processPaymentEvents(h.deps, stripe.payments.readEvent)).toEqual({ processed: 0, left: 0 });
    h.clock.advance(PAYMENT_EVENT_GRACE_MS);
    expect(await processPaymentEvents(h.deps, stripe.payments.readEvent)).toEqual({ processed: 1, left: 0 });
    expect(await processPaymentEvents(h.deps, stripe.payments.readEvent)).toEqual({ processed: 0, left: 0 });
    expect(await books(team.id)).toEqual({ balance: 5000, ledgerSum: 5000, entries: 1, invoices: 1 });
  });

  it('tells the operators of a payment it cannot post (the team was deleted), and credits nothing', async () => {
    const { team, session } = await payLink('50');
    await h.db.team.update({ where: { id: team.id }, data: { deletedAt: h.clock.now() } });
    h.sent.length = 0;
    expect(await deliver(fake.event('checkout.session.completed', fake.pay(session.id)))).toBe(200);
    const event = await h.db.paymentEvent.findFirstOrThrow();
    expect(event.outcome).toMatch(/^refused: /);
    expect(h.sent.filter((s) => s.to === 'olga').map((s) => s.message.title)).toEqual(['Card payment not posted']);
    expect(await h.db.ledgerEntry.count()).toBe(0);
  });

  it('serves the pages Checkout returns to', async () => {
    for (const path of ['/stripe/paid?session=cs_test_FAKE1', '/stripe/cancelled']) {
      const response = await fetch(stripe.url(path));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      await response.text();
    }
  });

  /** alice paid 50.00 for Acme by card: the team and the session. */
  async function paidFifty() {
    const { team, session } = await payLink('50');
    expect(await deliver(fake.event('checkout.session.completed', fake.pay(session.id)))).toBe(200);
    h.sent.length = 0;
    return { team, session };
  }

  it('takes a refund back with an adjustment and a credit note, once however often it is reported', async () => {
    const { team, session } = await paidFifty();
    expect(await deliver(fake.event('charge.refunded', fake.charge(session.id, 2000)))).toBe(200);
    const partly = fake.event('charge.refunded', fake.charge(session.id, 2000));
    expect(await deliver(partly)).toBe(200);
    expect(await books(team.id)).toMatchObject({ balance: 3000, ledgerSum: 3000, entries: 2 });
    expect(await deliver(fake.event('charge.refunded', fake.charge(session.id, 5000)))).toBe(200);
    expect(await books(team.id)).toMatchObject({ balance: 0, ledgerSum: 0, entries: 3 });
    const notes = await h.db.creditNote.findMany({ orderBy: { number: 'asc' } });
    expect(notes.map((n) => [n.amountCents, n.reason, n.ledgerEntryId !== null])).toEqual([
      [2000, 'Card payment refunded', true],
      [3000, 'Card payment refunded', true],
    ]);
    const adjustments = await h.db.ledgerEntry.findMany({ where: { teamId: team.id, kind: 'adjustment' } });
    expect(adjustments.map((e) => e.amountCents).sort((a, b) => a - b)).toEqual([-3000, -2000]);
    await drain();
    const refunded = h.sent.filter((s) => s.to === 'alice' && s.message.title === 'Card payment refunded');
    expect(refunded.map((s) => s.message.text)).toEqual([
      expect.stringContaining('was refunded: *20.00* credits were taken back. Credit note CN-'),
      expect.stringContaining('was refunded: *30.00* credits were taken back. Credit note CN-'),
    ]);
    const log = textOf(await h.run('alice', '/team logs 2'));
    expect(log).toContain(
      'Tally took back 30.00 credits for a refunded card payment (credit note CN-2026-000002, invoice 2026-000001).',
    );
    expect(log).toContain(
      'Tally took back 20.00 credits for a refunded card payment (credit note CN-2026-000001, invoice 2026-000001).',
    );
  });

  it('takes back no more than the balance, and tells the operators of the rest', async () => {
    const { team, session } = await paidFifty();
    await h.run('olga', `/credits adjust -40 spent on GPUs team:${team.id}`);
    h.sent.length = 0;
    const refunds = Array.from({ length: 3 }, () => fake.event('charge.refunded', fake.charge(session.id, 5000)));
    expect(await Promise.all(refunds.map((payload) => deliver(payload)))).toEqual([200, 200, 200]);
    expect(await books(team.id)).toMatchObject({ balance: 0, ledgerSum: 0 });
    const [note, ...more] = await h.db.creditNote.findMany();
    expect(more).toEqual([]);
    expect(note).toMatchObject({ amountCents: 5000 });
    const told = h.sent.find((s) => s.to === 'olga' && s.message.title === 'Card payment refunded');
    expect(told?.message.text).toBe(
      'A card payment of *50.00 USD* to *Acme* was refunded: *10.00* credits were taken back. ' +
        `The other *40.00* had been spent already. Credit note ${note!.number}.`,
    );
    expect(textOf(await h.run('alice', '/team logs 1'))).toContain(
      `Tally took back 10.00 credits for a refunded card payment (credit note ${note!.number}, invoice 2026-000001); ` +
        '40.00 had been spent.',
    );
  });

  it('tells the operators of a dispute', async () => {
    const { session } = await paidFifty();
    expect(await deliver(fake.event('charge.dispute.created', fake.dispute(session.id)))).toBe(200);
    const told = h.sent.filter((s) => s.to === 'olga').map((s) => s.message);
    expect(told.map((m) => m.title)).toEqual(['Card payment disputed']);
    expect(told[0]!.text).toContain('is disputed: *50.00 USD*, reason fraudulent.');
  });
});
