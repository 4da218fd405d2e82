import { recordAudit } from '../audit/record-audit.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import type { Invoice, LedgerEntry } from '../generated/prisma/client.ts';
import { nextDocumentNumber } from '../invoices/numbering.ts';
import { formatCents, MAX_BALANCE_CENTS } from '../money.ts';
import { requireOperator } from '../operators/operators.ts';
import type { TeamContext } from '../teams/team-context.ts';
import type { Actor } from '../users/ensure-user.ts';
import { balanceLimit, postEntry } from './ledger.ts';

/** Money that has arrived for a team, however it came (by hand, approved by an operator, by card). */
export interface ReceivedPayment {
  teamId: string;
  amountCents: number;
  /** The sender's id for the payment (a chat event, a request, a Checkout Session): posts once. */
  idempotencyKey: string;
  /** Shown on the invoice: "manual", "card". */
  method: string;
  /** Where the money can be traced: a payment id, or who confirmed it by hand. */
  reference: string;
  /** Who the entry and audit line name; null for money the payment processor reported. */
  actorId: string | null;
  /** For an approved request: who asked for it, named in the user log. */
  requestedBy?: string;
}

/** What `postTopUp` made, for a caller's own writes in the same transaction. */
export type OnPosted = (tx: Tx, posted: { entry: LedgerEntry; invoice: Invoice }) => Promise<void>;

/**
 * Posts a payment that has arrived: the top-up entry, its invoice (the next number of the whole
 * Tally, the buyer's and seller's details as they are now, paid) and an audit line, in one
 * transaction, with `onPosted`'s writes (the messages telling of it). A repeat of the key returns
 * the first posting, and does not call `onPosted` again.
 */
export async function postTopUp(
  deps: Pick<Deps, 'db' | 'clock' | 'invoicing'>,
  payment: ReceivedPayment,
  onPosted?: OnPosted,
) {
  const key = `topup:${payment.idempotencyKey}`;
  const run = () =>
    deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const { entry, replayed } = await postEntry(tx, {
        teamId: payment.teamId,
        kind: 'top_up',
        amountCents: payment.amountCents,
        idempotencyKey: key,
        reason: `${payment.method} top-up (${payment.reference})`,
        actorId: payment.actorId,
        at,
      });
      if (replayed)
        return { entry, invoice: await tx.invoice.findUniqueOrThrow({ where: { ledgerEntryId: entry.id } }), replayed };
      const team = await tx.team.findUniqueOrThrow({ where: { id: payment.teamId } });
      const { seller, currency } = deps.invoicing;
      const invoice = await tx.invoice.create({
        data: {
          teamId: team.id,
          number: await nextDocumentNumber(tx, 'invoice', at),
          ledgerEntryId: entry.id,
          amountCents: payment.amountCents,
          currency,
          teamName: team.name,
          billingAddress: team.billingAddress,
          accountType: team.accountType,
          companyName: team.companyName,
          taxId: team.taxId,
          sellerName: seller?.name ?? null,
          sellerAddress: seller?.address ?? null,
          sellerTaxId: seller?.taxId ?? null,
          sellerFooter: seller?.footer ?? null,
          paymentMethod: payment.method,
          paymentReference: payment.reference,
          paidAt: at,
          createdAt: at,
        },
      });
      await recordAudit(tx, {
        teamId: team.id,
        actorId: payment.actorId,
        action: 'credits.add',
        target: formatCents(payment.amountCents),
        details: { invoice: invoice.number, ...(payment.requestedBy && { requestedBy: payment.requestedBy }) },
        at,
      });
      await onPosted?.(tx, { entry, invoice });
      return { entry, invoice, replayed };
    });
  try {
    return await run();
  } catch (error) {
    // The same key raced in from a repeated event: the winner's entry stands, replay it.
    if (isUniqueViolation(error)) return run();
    throw error;
  }
}

/** Refused before any payment is taken or asked for; the ledger checks the limit again under its lock. */
export function checkBalanceRoom(ctx: TeamContext<'billing.manage'>, amountCents: number) {
  if (ctx.team.balanceCents + amountCents > MAX_BALANCE_CENTS) throw balanceLimit(ctx.team.name, ctx.team.balanceCents);
}

/**
 * An operator's own top-up of a team where they hold billing.manage: they say the money reached
 * them, the payment port confirms it, and it is posted at once.
 */
export async function topUp(
  deps: Deps,
  operator: Actor,
  ctx: TeamContext<'billing.manage'>,
  amountCents: number,
  idempotencyKey: string,
) {
  requireOperator(deps, operator, 'post a top-up yourself');
  checkBalanceRoom(ctx, amountCents);
  const key = `topup:${idempotencyKey}`;
  const payment = await deps.payments.confirmTopUp({
    teamId: ctx.team.id,
    amountCents,
    idempotencyKey: key,
    confirmedBy: operator.displayName,
  });
  return postTopUp(deps, {
    teamId: ctx.team.id,
    amountCents,
    idempotencyKey,
    method: deps.payments.method,
    reference: payment.reference,
    actorId: operator.userId,
  });
}
