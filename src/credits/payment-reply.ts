import type { Invoice, LedgerEntry } from '../generated/prisma/client.ts';
import { formatCents, formatMoney } from '../money.ts';
import { button, type Reply, success } from '../reply.ts';
import { md, type Rich } from '../rich-text.ts';

/**
 * "<lead>: +50.00 credits for Team<detail>. Balance: 70.00." with what was paid, the invoice's
 * number and a button for it: how every posted card payment is told.
 */
export function paymentPostedReply(
  title: string,
  lead: string,
  team: { id: string; name: string },
  posted: { entry: LedgerEntry; invoice: Invoice },
  detail: Rich | string = '',
): Reply {
  const { entry, invoice } = posted;
  const added = md`*+${formatCents(entry.amountCents)}* credits for *${team.name}*${detail}`;
  return success(md`${lead}: ${added}. Balance: *${formatCents(entry.balanceAfterCents)}*.`, {
    title,
    fields: [
      { label: 'Paid', value: formatMoney(invoice.amountCents, invoice.currency) },
      { label: 'Invoice', value: invoice.number },
    ],
    buttons: [button(`Invoice ${invoice.number}`, 'credits invoice', { team: team.id, number: invoice.number })],
  });
}

/** A message about a payment for its payer's DMs (and the team's alert channel), queued with the event's outcome. */
export interface PaymentMessage {
  teamId: string;
  payerId: string | null;
  toChannel: boolean;
  /** Unique per event and message: queued again, nothing is added. */
  key: string;
  message: Reply;
}

/** What processing an event did, for its stored outcome, and whom it tells. */
export interface EventOutcome {
  outcome: string;
  told?: PaymentMessage;
}
