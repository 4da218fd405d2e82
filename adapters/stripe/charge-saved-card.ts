import Stripe from 'stripe';
import type { SavedCardCharge, SavedCardResult } from '../../src/ports/payments.ts';
import type { StripeCall } from './counted-calls.ts';
import { METADATA } from './read-event.ts';

const AUTHENTICATION =
  "The card's bank asks the cardholder to authenticate this payment, which an automatic top-up cannot do.";

/** Stripe's words for people, as a sentence: "Your card was declined." */
function sentence(message: string | undefined, fallback: string): string {
  const text = message?.split('\n')[0]?.trim();
  if (!text) return fallback;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A request refused because the saved card or its customer is gone: the card must be saved again. */
function cardGone(error: Stripe.errors.StripeInvalidRequestError): boolean {
  return (
    error.param === 'payment_method' ||
    error.param === 'customer' ||
    /PaymentMethod|payment method|customer/i.test(error.message)
  );
}

function goneReason(error: Stripe.errors.StripeInvalidRequestError): string {
  const words = error.message.split('\n')[0];
  const customer = error.param === 'customer' || (error.param !== 'payment_method' && /customer/i.test(words ?? ''));
  const what = customer
    ? "The team's customer at Stripe is gone, and its saved card with it"
    : 'The saved card was removed at Stripe';
  return `${what}: it can no longer be charged (Stripe: "${words}").`;
}

/**
 * Charges a saved card with nobody at the keyboard. The charge id is the idempotency key: a retry
 * after a lost answer (the SDK's own, or the core's later) gets the payment the first one made,
 * never a second. Declines come back as `declined`; outages and anything else are thrown.
 */
export async function chargeSavedCard(
  stripe: Stripe,
  charge: SavedCardCharge,
  call: StripeCall,
): Promise<SavedCardResult> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await call('paymentIntents.create', () =>
      stripe.paymentIntents.create(
        {
          amount: charge.amountCents,
          currency: charge.currency.toLowerCase(),
          customer: charge.customerRef,
          payment_method: charge.cardRef,
          // Cards only: a method that redirects would need a return_url, and nobody is there to follow it.
          allowed_payment_method_types: ['card'],
          off_session: true,
          confirm: true,
          description: charge.description,
          metadata: { [METADATA.team]: charge.teamId, [METADATA.autopayCharge]: charge.chargeId },
        },
        { idempotencyKey: `tally-autopay-${charge.chargeId}` },
      ),
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError)
      return {
        outcome: 'declined',
        paymentReference: error.payment_intent?.id ?? null,
        reason:
          error.code === 'authentication_required' ? AUTHENTICATION : sentence(error.message, 'The card was declined.'),
      };
    if (error instanceof Stripe.errors.StripeInvalidRequestError && cardGone(error))
      return { outcome: 'declined', paymentReference: error.payment_intent?.id ?? null, reason: goneReason(error) };
    throw error;
  }
  if (intent.status === 'succeeded' || intent.status === 'processing')
    return { outcome: 'accepted', paymentReference: intent.id };
  if (intent.status === 'requires_action')
    return { outcome: 'declined', paymentReference: intent.id, reason: AUTHENTICATION };
  return {
    outcome: 'declined',
    paymentReference: intent.id,
    reason: sentence(intent.last_payment_error?.message, `The payment was not taken (${intent.status}).`),
  };
}
