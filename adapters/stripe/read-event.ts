import { z } from 'zod';
import type { PaymentNews } from '../../src/ports/payments.ts';

// Only the fields Tally reads, each stable across Stripe's API versions; the rest passes through.

/**
 * The metadata Tally puts on every Checkout Session it creates (stripe-checkout.ts,
 * stripe-autopay.ts), and on an automatic top-up's payment intent: the team and Tally's charge id.
 */
export const METADATA = {
  team: 'tally_team_id',
  payer: 'tally_payer_id',
  autopayCharge: 'tally_autopay_charge',
} as const;

const EventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.looseObject({ object: z.unknown() }),
});

const SessionSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  mode: z.string().optional(),
  payment_status: z.string(),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().nullable(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  payment_intent: z
    .union([z.string(), z.looseObject({ id: z.string() })])
    .nullable()
    .optional(),
  setup_intent: z
    .union([z.string(), z.looseObject({ id: z.string() })])
    .nullable()
    .optional(),
});
type Session = z.infer<typeof SessionSchema>;

const ChargeSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('charge'),
  amount_refunded: z.number().int().nonnegative(),
  payment_intent: z.string().nullable().optional(),
});

const DisputeSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('dispute'),
  amount: z.number().int().nonnegative(),
  currency: z.string(),
  reason: z.string().nullable().optional(),
  payment_intent: z.string().nullable().optional(),
});

/** A refund or a dispute, found by the payment intent that Tally's invoice names. */
function readChargeEvent(type: string, object: unknown): PaymentNews {
  if (type === 'charge.refunded') {
    const charge = ChargeSchema.safeParse(object);
    const c = charge.data;
    if (!c?.payment_intent) return { kind: 'ignored', why: 'a charge Tally cannot read' };
    return { kind: 'refunded', chargeId: c.id, paymentReference: c.payment_intent, refundedCents: c.amount_refunded };
  }
  const dispute = DisputeSchema.safeParse(object);
  if (!dispute.success || !dispute.data.payment_intent) return { kind: 'ignored', why: 'a dispute Tally cannot read' };
  return {
    kind: 'disputed',
    disputeId: dispute.data.id,
    paymentReference: dispute.data.payment_intent,
    amountCents: dispute.data.amount,
    currency: dispute.data.currency.toUpperCase(),
    reason: dispute.data.reason ?? 'not given',
  };
}

const PaymentIntentSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('payment_intent'),
  amount: z.number().int().nonnegative(),
  amount_received: z.number().int().nonnegative().optional(),
  currency: z.string().min(1),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  last_payment_error: z.looseObject({ message: z.string().optional() }).nullable().optional(),
});

/**
 * A `payment_intent.*` event. Only an automatic top-up's payment (its metadata names the charge)
 * is news: a Checkout payment's intent carries the team too (payment_intent_data), but its money
 * is posted from the session's events, and reading it here as well would post it twice.
 */
function readPaymentIntentEvent(type: string, object: unknown): PaymentNews {
  const parsed = PaymentIntentSchema.safeParse(object);
  if (!parsed.success) return { kind: 'ignored', why: 'a payment intent Tally cannot read' };
  const pi = parsed.data;
  const chargeId = pi.metadata?.[METADATA.autopayCharge];
  const teamId = pi.metadata?.[METADATA.team];
  if (!chargeId || !teamId)
    return teamId
      ? { kind: 'ignored', why: 'a Checkout payment: posted from its session' }
      : { kind: 'ignored', why: 'a payment Tally did not make' };
  if (type === 'payment_intent.succeeded')
    return {
      kind: 'autopay_paid',
      chargeId,
      teamId,
      paymentReference: pi.id,
      amountCents: pi.amount_received || pi.amount,
      currency: pi.currency.toUpperCase(),
    };
  if (type === 'payment_intent.payment_failed')
    return {
      kind: 'autopay_failed',
      chargeId,
      teamId,
      paymentReference: pi.id,
      reason: pi.last_payment_error?.message || 'the payment failed',
    };
  return { kind: 'ignored', why: `${type} of an automatic top-up: only its success or failure is acted on` };
}

const CHECKOUT_EVENTS = {
  'checkout.session.completed': 'completed',
  'checkout.session.async_payment_succeeded': 'paid',
  'checkout.session.async_payment_failed': 'failed',
  'checkout.session.expired': 'expired',
} as const;

/** A card-saving page (mode `setup`): it charges nothing, so only its completion is news. */
function readSetupSession(what: (typeof CHECKOUT_EVENTS)[keyof typeof CHECKOUT_EVENTS], s: Session): PaymentNews {
  const teamId = s.metadata?.[METADATA.team];
  if (!teamId) return { kind: 'ignored', why: 'a card-saving page Tally did not create' };
  if (what === 'expired') return { kind: 'ignored', why: 'a card-saving page expired: no card saved, nothing charged' };
  if (what !== 'completed') return { kind: 'ignored', why: 'a card-saving page: nothing is charged there' };
  const setupRef = typeof s.setup_intent === 'string' ? s.setup_intent : s.setup_intent?.id;
  if (!setupRef) return { kind: 'ignored', why: 'a card-saving page completed without its setup intent' };
  return { kind: 'card_saved', sessionId: s.id, teamId, payerId: s.metadata?.[METADATA.payer] || null, setupRef };
}

/** The envelope every Stripe event has, or null for a body that is not one. */
export function eventEnvelope(payload: unknown): { id: string; type: string } | null {
  const parsed = EventSchema.safeParse(payload);
  return parsed.success ? { id: parsed.data.id, type: parsed.data.type } : null;
}

/**
 * A stored Stripe event as Tally's `PaymentNews`. A completed session is paid only with
 * `payment_status: paid`; paid later by a slower method (a bank debit), its
 * `async_payment_succeeded` says so, and either may come first. Never throws: what Tally cannot
 * read is ignored, with why.
 */
export function readStripeEvent(payload: unknown): PaymentNews {
  const event = EventSchema.safeParse(payload);
  if (!event.success) return { kind: 'ignored', why: 'not a Stripe event' };
  if (event.data.type === 'charge.refunded' || event.data.type === 'charge.dispute.created')
    return readChargeEvent(event.data.type, event.data.data.object);
  if (event.data.type.startsWith('payment_intent.'))
    return readPaymentIntentEvent(event.data.type, event.data.data.object);
  const type = event.data.type as keyof typeof CHECKOUT_EVENTS;
  const what = Object.hasOwn(CHECKOUT_EVENTS, type) ? CHECKOUT_EVENTS[type] : undefined;
  if (!what) return { kind: 'ignored', why: `${event.data.type} is not an event Tally acts on` };
  const session = SessionSchema.safeParse(event.data.data.object);
  if (!session.success) return { kind: 'ignored', why: 'a Checkout Session Tally cannot read' };
  const s = session.data;
  if (s.mode === 'setup') return readSetupSession(what, s);
  const teamId = s.metadata?.[METADATA.team];
  if (!teamId || s.amount_total === null || !s.currency)
    return { kind: 'ignored', why: 'a Checkout Session Tally did not create' };
  const news = {
    sessionId: s.id,
    teamId,
    payerId: s.metadata?.[METADATA.payer] || null,
    amountCents: s.amount_total,
    currency: s.currency.toUpperCase(),
  };
  if (what === 'failed' || what === 'expired') return { ...news, kind: what };
  if (what === 'completed' && s.payment_status !== 'paid')
    return { kind: 'ignored', why: `completed with payment ${s.payment_status}: its outcome comes in a later event` };
  const intent = typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id;
  return { ...news, kind: 'paid', reference: intent ?? s.id };
}
