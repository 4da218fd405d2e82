import { recordAudit } from '../audit/record-audit.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { formatCents, MAX_BALANCE_CENTS } from '../money.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { balanceLimit, postEntry } from './ledger.ts';

/**
 * Records a top-up confirmed by the payment port and writes its invoice (next number of the
 * team, billing details as they are now) in the same transaction as the ledger entry.
 */
export async function topUp(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'billing.manage'>,
  amountCents: number,
  idempotencyKey: string,
) {
  const key = `topup:${idempotencyKey}`;
  // Refused before any payment is taken; the ledger checks the limit again under its lock.
  if (ctx.team.balanceCents + amountCents > MAX_BALANCE_CENTS) throw balanceLimit(ctx.team.name, ctx.team.balanceCents);
  const payment = await deps.payments.confirmTopUp({ teamId: ctx.team.id, amountCents, idempotencyKey: key });
  const run = () =>
    deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const { entry, replayed } = await postEntry(tx, {
        teamId: ctx.team.id,
        kind: 'top_up',
        amountCents,
        idempotencyKey: key,
        reason: `${deps.payments.method} top-up (${payment.reference})`,
        actorId,
        at,
      });
      if (replayed)
        return { entry, invoice: await tx.invoice.findUniqueOrThrow({ where: { ledgerEntryId: entry.id } }), replayed };
      const team = await tx.team.update({ where: { id: ctx.team.id }, data: { invoiceCounter: { increment: 1 } } });
      const invoice = await tx.invoice.create({
        data: {
          teamId: team.id,
          number: team.invoiceCounter,
          ledgerEntryId: entry.id,
          amountCents,
          teamName: team.name,
          billingAddress: team.billingAddress,
          accountType: team.accountType,
          companyName: team.companyName,
          paymentMethod: deps.payments.method,
          createdAt: at,
        },
      });
      await recordAudit(tx, {
        teamId: team.id,
        actorId,
        action: 'credits.add',
        target: formatCents(amountCents),
        details: { invoice: invoice.number },
        at,
      });
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
