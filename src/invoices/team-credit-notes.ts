import type { Deps } from '../deps.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { parseDocumentNumber } from './numbering.ts';

/** The team's credit notes (against its invoices), newest first, each with the invoice it corrects. */
export function listCreditNotes(deps: Pick<Deps, 'db'>, ctx: TeamContext<'billing.view'>, limit = 25) {
  return deps.db.creditNote.findMany({
    where: { invoice: { teamId: ctx.team.id } },
    orderBy: { number: 'desc' },
    take: limit,
    include: { invoice: true },
  });
}

/** One of the team's credit notes by its number as typed ("CN-2026-000001", "cn-2026-1"). */
export async function findCreditNote(deps: Pick<Deps, 'db'>, ctx: TeamContext<'billing.view'>, typed: string) {
  const number = parseDocumentNumber(typed, 'credit_note');
  if (!number) return null;
  return deps.db.creditNote.findFirst({
    where: { number, invoice: { teamId: ctx.team.id } },
    include: { invoice: true },
  });
}
