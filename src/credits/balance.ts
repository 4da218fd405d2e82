import { alertChannelOf } from '../alerts/alert-channel.ts';
import type { Deps } from '../deps.ts';
import { parseDocumentNumber } from '../invoices/numbering.ts';
import type { ChannelRef } from '../ports/notifier.ts';
import type { TeamContext } from '../teams/team-context.ts';

export interface BalanceSummary {
  balanceCents: number;
  thresholdCents: number;
  alertChannel: ChannelRef | null;
  burnCentsPerHour: number;
  /** Hours the balance lasts at the current burn; null when nothing runs. */
  runwayHours: number | null;
  /** Any credit ever came in (a top-up, a promotion, an adjustment). */
  everFunded: boolean;
}

export async function balanceSummary(deps: Deps, ctx: TeamContext<'billing.view'>): Promise<BalanceSummary> {
  const teamId = ctx.team.id;
  const team = await deps.db.team.findUniqueOrThrow({ where: { id: teamId } });
  const burn = await deps.db.resource.aggregate({ where: { teamId, status: 'running' }, _sum: { hourlyCents: true } });
  const burnCentsPerHour = burn._sum.hourlyCents ?? 0;
  const funded =
    team.balanceCents > 0 ||
    (await deps.db.ledgerEntry.findFirst({ where: { teamId, amountCents: { gt: 0 } }, select: { id: true } })) !== null;
  return {
    balanceCents: team.balanceCents,
    thresholdCents: team.lowBalanceCents,
    alertChannel: alertChannelOf(team),
    burnCentsPerHour,
    runwayHours: burnCentsPerHour > 0 ? team.balanceCents / burnCentsPerHour : null,
    everFunded: funded,
  };
}

export async function ledgerHistory(deps: Deps, ctx: TeamContext<'billing.view'>, limit: number) {
  return (await ledgerPage(deps, ctx, limit)).entries;
}

/** Where a page of the ledger ends: the last entry shown; the next page starts just past it. */
export interface LedgerPosition {
  createdAt: Date;
  id: string;
}

/**
 * Entries newest first, `limit` at most, after `before` when given: keyset pagination on
 * (createdAt, id), the history's own order, so entries posted meanwhile neither repeat nor go missing.
 */
export async function ledgerPage(deps: Deps, ctx: TeamContext<'billing.view'>, limit: number, before?: LedgerPosition) {
  const after = before && {
    OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }],
  };
  const entries = await deps.db.ledgerEntry.findMany({
    where: { teamId: ctx.team.id, ...after },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { invoice: { select: { number: true } } },
  });
  // One more than asked says whether another page follows, without a count.
  return { entries: entries.slice(0, limit), more: entries.length > limit };
}

export async function listInvoices(deps: Deps, ctx: TeamContext<'billing.view'>, limit = 25) {
  return deps.db.invoice.findMany({ where: { teamId: ctx.team.id }, orderBy: { number: 'desc' }, take: limit });
}

/**
 * One of the team's invoices by its number as typed ("2026-000123"), or by the team's own number
 * of an invoice issued before numbers were global ("3"), so older messages' buttons still work.
 */
export async function findInvoice(deps: Deps, ctx: TeamContext<'billing.view'>, typed: string) {
  const teamId = ctx.team.id;
  const number = parseDocumentNumber(typed, 'invoice');
  if (number) return deps.db.invoice.findFirst({ where: { teamId, number } });
  if (!/^\d{1,9}$/.test(typed.trim())) return null;
  return deps.db.invoice.findUnique({ where: { teamId_legacyNumber: { teamId, legacyNumber: Number(typed) } } });
}
