/**
 * How money arrives. The default records a manual top-up: an operator, one of the people who run
 * this Tally, confirms the money reached them (a bank transfer checked by hand).
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
}

export const manualPayments: PaymentProvider = {
  method: 'manual',
  async confirmTopUp({ confirmedBy }) {
    return { reference: `confirmed by operator ${confirmedBy}` };
  },
};
