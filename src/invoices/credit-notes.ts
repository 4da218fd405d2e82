import type { Tx } from '../db/prisma-client.ts';
import { TallyError } from '../errors.ts';
import { formatMoney } from '../money.ts';
import { nextDocumentNumber } from './numbering.ts';

export interface CreditNoteRequest {
  /** The invoice whose payment is (partly) given back. */
  invoiceId: string;
  amountCents: number;
  /** Printed on the credit note: "Refund requested by the customer", "Duplicate payment". */
  reason: string;
  at: Date;
  /** The refund's ledger entry, when credits left the balance with it. */
  ledgerEntryId?: string;
}

/**
 * Issues a credit note against an invoice, numbered in its own series ("CN-2026-000001"). Call it
 * inside the refund's transaction, after its ledger entry: the number is taken there (a rollback
 * gives it back), and as the counter row's lock serialises credit notes, the check that all the
 * invoice's credit notes together stay within its amount cannot race.
 */
export async function issueCreditNote(tx: Tx, request: CreditNoteRequest) {
  if (!Number.isSafeInteger(request.amountCents) || request.amountCents <= 0)
    throw new TallyError('invalid_amount', 'A credit note is for a positive amount.');
  if (!request.reason.trim()) throw new Error('a credit note needs a reason');
  const number = await nextDocumentNumber(tx, 'credit_note', request.at);
  const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: request.invoiceId } });
  const credited = await tx.creditNote.aggregate({ where: { invoiceId: invoice.id }, _sum: { amountCents: true } });
  const left = invoice.amountCents - (credited._sum.amountCents ?? 0);
  if (request.amountCents > left)
    throw new TallyError(
      'credit_exceeds_invoice',
      `Invoice ${invoice.number} has ${formatMoney(left, invoice.currency)} left to credit, ` +
        `not ${formatMoney(request.amountCents, invoice.currency)}.`,
    );
  return tx.creditNote.create({
    data: {
      number,
      invoiceId: invoice.id,
      amountCents: request.amountCents,
      currency: invoice.currency,
      reason: request.reason.trim(),
      ledgerEntryId: request.ledgerEntryId ?? null,
      createdAt: request.at,
    },
    include: { invoice: true },
  });
}
