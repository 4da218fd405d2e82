/**
 * How money arrives. The default records a manual top-up: an operator, one of the people who run
 * this Tally, confirms the money reached them (a bank transfer checked by hand). A card processor
 * adds `checkout`: people pay through a link, and the top-up is posted when the processor reports
 * the payment (`PaymentNews`).
 */
export interface PaymentProvider {
  /** Shown on invoices ("manual", "card"). */
  readonly method: string;
  /** Confirms the payment before the ledger is credited; throws a TallyError to refuse it. */
  confirmTopUp(request: {
    teamId: string;
    amountCents: number;
    idempotencyKey: string;
    /** The operator who says the money arrived. */
    confirmedBy: string;
  }): Promise<{ reference: string }>;
  /** Set when a card processor is configured: `/credits add` then answers with a link to pay. */
  readonly checkout?: CardCheckout;
  /** Set with a card processor that can keep a card and charge it later: automatic top-up. */
  readonly autopay?: CardAutopay;
}

export interface CheckoutRequest {
  teamId: string;
  /** Shown on the payment page's line item. */
  teamName: string;
  amountCents: number;
  /** ISO 4217, upper case (TALLY_CURRENCY). */
  currency: string;
  /** Who is paying: told when the payment arrives, fails or expires. */
  payer: { userId: string; displayName: string };
  /** From the chat event: a repeated event makes one payment page. */
  idempotencyKey: string;
}

export interface CheckoutLink {
  /** The payment page. */
  url: string;
  /** The processor's id for it: the top-up it pays for is posted once under this id. */
  sessionId: string;
}

export interface CardCheckout {
  /** The least and the most one payment may add, in cents. */
  readonly limits: { minCents: number; maxCents: number };
  /** Asks the processor for a payment page. Network: never call it inside a transaction. */
  startCheckout(request: CheckoutRequest): Promise<CheckoutLink>;
}

/** A page where a team's billing person saves a card for automatic top-ups; nothing is charged there. */
export interface CardSetupRequest {
  teamId: string;
  teamName: string;
  /** ISO 4217, upper case: the currency the card will be charged in. */
  currency: string;
  /** Who saves the card: told when it is saved. */
  payer: { userId: string; displayName: string };
  /** The team's customer at the processor (`customerFor`): the card is kept on it. */
  customerRef: string;
  /** From the chat event: a repeated event makes one page. */
  idempotencyKey: string;
}

/** A card kept at the processor for a team. */
export interface SavedCard {
  /** The processor's id for the card (a Stripe PaymentMethod). */
  cardRef: string;
  /** The team's customer the card is kept on. */
  customerRef: string;
  /** How people recognise it: "Visa •••• 4242". */
  label: string;
}

/** One automatic top-up: the saved card charged with nobody at the keyboard. */
export interface SavedCardCharge {
  teamId: string;
  /** Tally's id for this charge: the processor's idempotency key and the payment's metadata carry it. */
  chargeId: string;
  amountCents: number;
  /** ISO 4217, upper case. */
  currency: string;
  customerRef: string;
  cardRef: string;
  /** On the payer's card statement and the processor's dashboard. */
  description: string;
}

/**
 * What charging a saved card gave. `accepted`: the processor took the payment (succeeded, or
 * still processing); the credits are posted when it reports success (`autopay_paid`). `declined`:
 * it will not go through without someone fixing the card (declined, expired, authentication
 * required, the card removed). Network failures and the processor's own outages are thrown, and
 * the same charge is tried again later under the same id.
 */
export type SavedCardResult =
  | { outcome: 'accepted'; paymentReference: string }
  | { outcome: 'declined'; paymentReference: string | null; reason: string };

/** How far automatic top-ups go on their own, from the settings. */
export interface AutopayPolicy {
  /** The most charges one team's card gets in 24 hours. */
  dailyMax: number;
  /** Charges failed in a row after which automatic top-up turns itself off. */
  maxFailures: number;
}

export interface CardAutopay {
  readonly policy: AutopayPolicy;
  /** The team's customer at the processor, made once however often it is asked (keyed by the team). Network. */
  customerFor(team: { id: string; name: string }): Promise<string>;
  /** A page to save a card on the team's customer. Network: never inside a transaction. */
  startCardSetup(request: CardSetupRequest): Promise<CheckoutLink>;
  /** The card a completed setup page saved (`card_saved`'s `setupRef`). Network. */
  savedCard(setupRef: string): Promise<SavedCard>;
  /** Charges the saved card off-session, idempotent by `chargeId`. Network. */
  chargeSavedCard(charge: SavedCardCharge): Promise<SavedCardResult>;
}

/** One reported payment page's outcome, as the core needs it, whatever the processor's own words. */
interface CheckoutNews {
  /** The processor's id for the payment page (the Checkout Session). */
  sessionId: string;
  teamId: string;
  /** The Tally user who asked for the page; null if the processor's record lost it. */
  payerId: string | null;
  amountCents: number;
  /** ISO 4217, upper case. */
  currency: string;
}

/**
 * What a processor's event means for Tally: money arrived (`paid`, with the payment's reference
 * for the invoice), a payment failed or a page expired unpaid, a payment was refunded or disputed
 * (found by the reference its invoice carries), or nothing to act on (`ignored`, with why: another
 * event type, a payment page not made by Tally, a payment still pending).
 */
export type PaymentNews =
  | (CheckoutNews & { kind: 'paid'; reference: string })
  | (CheckoutNews & { kind: 'failed' | 'expired' })
  | {
      kind: 'refunded';
      /** The refunded charge: with the total, it keys the adjustment. */
      chargeId: string;
      /** The invoice's payment reference. */
      paymentReference: string;
      /** All refunded of the payment so far, in cents (each report gives the total). */
      refundedCents: number;
    }
  | {
      kind: 'disputed';
      disputeId: string;
      paymentReference: string;
      amountCents: number;
      currency: string;
      reason: string;
    }
  | {
      /** A card-saving page was completed: the card is fetched with `savedCard(setupRef)`. */
      kind: 'card_saved';
      sessionId: string;
      teamId: string;
      payerId: string | null;
      /** The processor's id for the setup (a Stripe SetupIntent). */
      setupRef: string;
    }
  | {
      /** An automatic top-up's payment succeeded: post it once, keyed by `chargeId`. */
      kind: 'autopay_paid';
      chargeId: string;
      teamId: string;
      /** The payment's id, on the invoice (refunds find it by this). */
      paymentReference: string;
      amountCents: number;
      currency: string;
    }
  | {
      /** An automatic top-up's payment failed after it was accepted (or a late decline). */
      kind: 'autopay_failed';
      chargeId: string;
      teamId: string;
      paymentReference: string;
      /** The processor's words, for people: "Your card was declined." */
      reason: string;
    }
  | { kind: 'ignored'; why: string };

/** Reads a stored event's payload: the processor's adapter knows its shapes, the core does not. */
export type ReadPaymentEvent = (payload: unknown) => PaymentNews;

export const manualPayments: PaymentProvider = {
  method: 'manual',
  async confirmTopUp({ confirmedBy }) {
    return { reference: `confirmed by operator ${confirmedBy}` };
  },
};
