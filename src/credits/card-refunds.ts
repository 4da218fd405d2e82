import { enqueueAlert } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { issueCreditNote } from '../invoices/credit-notes.ts';
import { formatCents, formatMoney } from '../money.ts';
import { notifyIdentities } from '../notify.ts';
import type { PaymentNews } from '../ports/payments.ts';
import { reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { postEntry } from './ledger.ts';

type RefundDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'notifier' | 'operators'>;
type Refunded = Extract<PaymentNews, { kind: 'refunded' }>;
type Disputed = Extract<PaymentNews, { kind: 'disputed' }>;

/** The invoice of a card payment, by the processor's reference for it (the payment intent). */
function invoiceOf(deps: Pick<Deps, 'db'>, reference: string) {
  return deps.db.invoice.findFirst({ where: { paymentMethod: 'card', paymentReference: reference } });
}

/**
 * A card payment refunded (in part or whole; the processor reports the total refunded so far):
 * what was not yet taken back is, as far as the balance allows (never below zero), by an
 * adjustment, with a credit note for all of it and a line in the user log, in one transaction.
 * The billing roles are told; the operators too when credits already spent could not be taken
 * back. The team's row is locked first, so two reports of one payment's refunds take back each
 * cent once.
 */
export async function takeBackRefund(deps: RefundDeps, news: Refunded): Promise<string> {
  const found = await invoiceOf(deps, news.paymentReference);
  if (!found) return `ignored: no card invoice for ${news.paymentReference}`;
  const at = deps.clock.now();
  const done = await deps.db.$transaction(async (tx) => {
    const [team] = await tx.$queryRaw<{ name: string; balanceCents: number; deletedAt: Date | null }[]>`
      SELECT name, "balanceCents", "deletedAt" FROM "Team" WHERE id = ${found.teamId} FOR UPDATE`;
    const credited = await tx.creditNote.aggregate({ where: { invoiceId: found.id }, _sum: { amountCents: true } });
    const refundCents = Math.min(news.refundedCents, found.amountCents) - (credited._sum.amountCents ?? 0);
    if (!team || refundCents <= 0) return null;
    const takeBack = team.deletedAt ? 0 : Math.min(refundCents, team.balanceCents);
    const posted =
      takeBack > 0
        ? await postEntry(tx, {
            teamId: found.teamId,
            kind: 'adjustment',
            amountCents: -takeBack,
            idempotencyKey: `card-refund:${news.chargeId}:${news.refundedCents}`,
            reason: `card payment refunded (${news.chargeId}), invoice ${found.number}`,
            actorId: null,
            at,
          })
        : null;
    const note = await issueCreditNote(tx, {
      invoiceId: found.id,
      amountCents: refundCents,
      reason: 'Card payment refunded',
      at,
      ...(posted && { ledgerEntryId: posted.entry.id }),
    });
    const remainder = refundCents - takeBack;
    await recordAudit(tx, {
      teamId: found.teamId,
      actorId: null,
      action: 'credits.refund',
      target: formatCents(takeBack),
      details: { creditNote: note.number, invoice: found.number, spentCents: remainder },
      at,
    });
    const refunded = md`A card payment of *${formatMoney(found.amountCents, found.currency)}* to *${team.name}*`;
    const spent = remainder ? md` The other *${formatCents(remainder)}* had been spent already.` : '';
    const takenBack = md`*${formatCents(takeBack)}* credits were taken back.${spent}`;
    const message = reply(md`${refunded} was refunded: ${takenBack} Credit note ${note.number}.`, {
      tone: 'warning',
      title: 'Card payment refunded',
    });
    if (!team.deletedAt)
      await enqueueAlert(tx, { teamId: found.teamId, alertKey: `card-refund:${note.id}`, message, at });
    return { note, remainder, message };
  });
  if (!done) return 'ignored: refund already taken back';
  if (done.remainder > 0)
    await notifyIdentities(deps, deps.operators.identities, done.message, {
      teamId: found.teamId,
      key: `card-refund-remainder:${done.note.id}`,
    });
  return `took back; credit note ${done.note.number}`;
}

/** A payment disputed (a chargeback): the operators are told at once, to answer it at the processor. */
export async function tellOfDispute(deps: RefundDeps, news: Disputed): Promise<string> {
  const found = await invoiceOf(deps, news.paymentReference);
  const team = found && (await deps.db.team.findUnique({ where: { id: found.teamId } }));
  deps.log.warn('a card payment is disputed', { dispute: news.disputeId, payment: news.paymentReference });
  if (!found || !team) return `ignored: no card invoice for ${news.paymentReference}`;
  const disputed = md`The card payment of invoice ${found.number} (*${team.name}*, \`${team.id}\`)`;
  await notifyIdentities(
    deps,
    deps.operators.identities,
    reply(md`${disputed} is disputed: *${formatMoney(news.amountCents, news.currency)}*, reason ${news.reason}.`, {
      tone: 'error',
      title: 'Card payment disputed',
      fields: [{ label: 'Dispute', value: news.disputeId }],
    }),
    { teamId: team.id, key: `dispute:${news.disputeId}` },
  );
  return 'told the operators';
}
