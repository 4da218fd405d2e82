import { z } from 'zod';
import type { PaymentNews } from '../../src/ports/payments.ts';

// Only the fields Tally reads, each stable across Stripe's API versions; the rest passes through.

/** The metadata Tally puts on every Checkout Session it creates (stripe-checkout.ts). */
export const METADATA = { team: 'tally_team_id', payer: 'tally_payer_id' } as const;

const EventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.looseObject({ object: z.unknown() }),
});

const SessionSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  payment_status: z.string(),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().nullable(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  payment_intent: z
    .union([z.string(), z.looseObject({ id: z.string() })])
    .nullable()
    .optional(),
});

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

const CHECKOUT_EVENTS = {
  'checkout.session.completed': 'completed',
  'checkout.session.async_payment_succeeded': 'paid',
  'checkout.session.async_payment_failed': 'failed',
  'checkout.session.expired': 'expired',
} as const;

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
  const type = event.data.type as keyof typeof CHECKOUT_EVENTS;
  const what = Object.hasOwn(CHECKOUT_EVENTS, type) ? CHECKOUT_EVENTS[type] : undefined;
  if (!what) return { kind: 'ignored', why: `${event.data.type} is not an event Tally acts on` };
  const session = SessionSchema.safeParse(event.data.data.object);
  if (!session.success) return { kind: 'ignored', why: 'a Checkout Session Tally cannot read' };
  const s = session.data;
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
