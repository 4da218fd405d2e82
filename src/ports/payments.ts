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
  | { kind: 'ignored'; why: string };

/** Reads a stored event's payload: the processor's adapter knows its shapes, the core does not. */
export type ReadPaymentEvent = (payload: unknown) => PaymentNews;

export const manualPayments: PaymentProvider = {
  method: 'manual',
  async confirmTopUp({ confirmedBy }) {
    return { reference: `confirmed by operator ${confirmedBy}` };
  },
};
