import type Stripe from 'stripe';
import type { AutopayPolicy, CardAutopay, CardSetupRequest, SavedCard } from '../../src/ports/payments.ts';
import { chargeSavedCard } from './charge-saved-card.ts';
import type { StripeCall } from './counted-calls.ts';
import { METADATA } from './read-event.ts';
import { checkoutIdempotencyKey } from './stripe-checkout.ts';

/** Where Stripe sends the billing person after saving a card or giving up (pages.ts). */
export const CARD_SAVED_PATH = '/stripe/card-saved';
export const CARD_NOT_SAVED_PATH = '/stripe/card-not-saved';

/** Card networks as people write them; Stripe's `card.brand` values. */
const BRANDS: Record<string, string> = {
  amex: 'American Express',
  cartes_bancaires: 'Cartes Bancaires',
  diners: 'Diners Club',
  discover: 'Discover',
  eftpos_au: 'eftpos',
  jcb: 'JCB',
  link: 'Link',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
  unknown: 'Card',
};

/** "Visa •••• 4242"; a payment method that is not a card is just "card". */
export function cardLabel(card: { brand: string; last4: string } | null | undefined): string {
  if (!card) return 'card';
  const brand = Object.hasOwn(BRANDS, card.brand) ? BRANDS[card.brand] : card.brand;
  return `${brand} •••• ${card.last4}`;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id);

/**
 * Automatic top-up over Stripe: a Customer per team, a Checkout Session in setup mode that keeps a
 * card on it, and off-session payment intents that charge that card (charge-saved-card.ts).
 */
export function stripeAutopay(stripe: Stripe, publicUrl: string, policy: AutopayPolicy, call: StripeCall): CardAutopay {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    policy,
    async customerFor(team) {
      // Keyed by the team: two callers racing before the core stored the first id get one customer.
      const customer = await call('customers.create', () =>
        stripe.customers.create(
          { name: team.name, metadata: { [METADATA.team]: team.id } },
          { idempotencyKey: `tally-customer-${team.id}` },
        ),
      );
      return customer.id;
    },

    async startCardSetup(request: CardSetupRequest) {
      const metadata = { [METADATA.team]: request.teamId, [METADATA.payer]: request.payer.userId };
      const session = await call('checkout.sessions.create', () =>
        stripe.checkout.sessions.create(
          {
            mode: 'setup',
            customer: request.customerRef,
            currency: request.currency.toLowerCase(),
            allowed_payment_method_types: ['card'],
            client_reference_id: request.teamId,
            metadata,
            // On the SetupIntent too, so that the card's own records name the team.
            setup_intent_data: { metadata },
            success_url: `${base}${CARD_SAVED_PATH}?session={CHECKOUT_SESSION_ID}`,
            cancel_url: `${base}${CARD_NOT_SAVED_PATH}`,
          },
          { idempotencyKey: checkoutIdempotencyKey(request.idempotencyKey, 'card-setup') },
        ),
      );
      if (!session.url) throw new Error(`Stripe gave Checkout Session ${session.id} no URL`);
      return { url: session.url, sessionId: session.id };
    },

    async savedCard(setupRef): Promise<SavedCard> {
      const setup = await call('setupIntents.retrieve', () =>
        stripe.setupIntents.retrieve(setupRef, { expand: ['payment_method'] }),
      );
      const method = setup.payment_method;
      if (!method || typeof method === 'string') throw new Error(`SetupIntent ${setupRef} has no payment method`);
      const customerRef = idOf(setup.customer) ?? idOf(method.customer);
      if (!customerRef) throw new Error(`SetupIntent ${setupRef} saved its card on no customer`);
      return { cardRef: method.id, customerRef, label: cardLabel(method.card) };
    },

    chargeSavedCard: (charge) => chargeSavedCard(stripe, charge, call),
  };
}
