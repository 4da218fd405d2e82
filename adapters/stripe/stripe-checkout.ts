import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { clip } from '../../src/format.ts';
import { formatCents } from '../../src/money.ts';
import type { CardCheckout, CheckoutRequest } from '../../src/ports/payments.ts';
import type { StripeCall } from './counted-calls.ts';
import { METADATA } from './read-event.ts';
import type { StripeConfig } from './settings.ts';

/** Where Stripe sends the payer after paying or giving up: pages of Tally's HTTP server (pages.ts). */
export const PAID_PATH = '/stripe/paid';
export const CANCELLED_PATH = '/stripe/cancelled';

/**
 * Stripe's idempotency key for the chat event's: a repeated event gets the session the first one
 * made (Stripe keeps keys 24 hours). Hashed: Stripe takes at most 255 characters. `purpose` keeps
 * a payment page and a card-saving page apart.
 */
export function checkoutIdempotencyKey(eventKey: string, purpose: 'checkout' | 'card-setup' = 'checkout'): string {
  return `tally-${purpose}-${createHash('sha256').update(eventKey).digest('hex')}`;
}

/** Payment pages are Stripe Checkout Sessions: one line of the amount in the currency, paid once. */
export function stripeCheckout(
  stripe: Stripe,
  config: StripeConfig,
  publicUrl: string,
  call: StripeCall,
): CardCheckout {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    limits: config.limits,
    async startCheckout(request: CheckoutRequest) {
      const name = clip(`${formatCents(request.amountCents)} credits for ${request.teamName}`, 250);
      const metadata = { [METADATA.team]: request.teamId, [METADATA.payer]: request.payer.userId };
      const session = await call('checkout.sessions.create', () =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: request.amountCents,
                  product_data: { name },
                },
              },
            ],
            client_reference_id: request.teamId,
            metadata,
            // On the payment too, so that its refunds and disputes name the team.
            payment_intent_data: { metadata },
            success_url: `${base}${PAID_PATH}?session={CHECKOUT_SESSION_ID}`,
            cancel_url: `${base}${CANCELLED_PATH}`,
          },
          { idempotencyKey: checkoutIdempotencyKey(request.idempotencyKey) },
        ),
      );
      if (!session.url) throw new Error(`Stripe gave Checkout Session ${session.id} no URL`);
      return { url: session.url, sessionId: session.id };
    },
  };
}
