/**
 * How money arrives. The default records a manual top-up confirmed by a billing role (like a
 * bank transfer checked by hand); a card processor would implement the same port.
 */
export interface PaymentProvider {
  /** Shown on invoices ("manual", "card"). */
  readonly method: string;
  /** Confirms the payment before the ledger is credited; throws a TallyError to refuse it. */
  confirmTopUp(request: {
    teamId: string;
    amountCents: number;
    idempotencyKey: string;
  }): Promise<{ reference: string }>;
}

export const manualPayments: PaymentProvider = {
  method: 'manual',
  async confirmTopUp({ idempotencyKey }) {
    return { reference: `manual:${idempotencyKey}` };
  },
};
