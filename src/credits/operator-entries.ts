import { recordAudit } from '../audit/record-audit.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { formatCents, formatSignedCents } from '../money.ts';
import { requireOperator } from '../operators/operators.ts';
import { md } from '../rich-text.ts';
import type { Actor } from '../users/ensure-user.ts';
import { InsufficientCredits, postEntry } from './ledger.ts';

export interface OperatorEntry {
  kind: 'promotion' | 'adjustment';
  /** A team's id: operators act on any team, members of it or not. */
  teamId: string;
  /** Signed for an adjustment; a promotion only adds. */
  amountCents: number;
  reason: string;
  /** The chat event's id: a repeat posts once. */
  idempotencyKey: string;
}

const GIVE_AN_AMOUNT = md`give the credits to add, or to take with a minus sign, like \`-12.50\`.`;

const WHAT = { promotion: 'grant credits', adjustment: 'post adjustments' } as const;

/**
 * Free credits (a promotion) or a correction (an adjustment, either way) posted by an operator,
 * with its reason, in one short transaction. The ledger's conditional update keeps the balance at
 * zero or above; an adjustment that would go below is refused, naming the balance.
 */
export async function postOperatorEntry(deps: Deps, operator: Actor, entry: OperatorEntry) {
  requireOperator(deps, operator, WHAT[entry.kind]);
  if (entry.amountCents === 0)
    throw new TallyError('invalid_amount', md`An adjustment of 0.00 changes nothing: ${GIVE_AN_AMOUNT}`);
  const team = await deps.db.team.findFirst({ where: { id: entry.teamId, deletedAt: null } });
  if (!team)
    throw new TallyError(
      'team_not_found',
      md`No team has the id \`${entry.teamId}\`; \`/team info\` shows a team's id.`,
    );
  const run = () =>
    deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const posted = await postEntry(tx, {
        teamId: team.id,
        kind: entry.kind,
        amountCents: entry.amountCents,
        idempotencyKey: `${entry.kind}:${entry.idempotencyKey}`,
        reason: entry.reason,
        actorId: operator.userId,
        at,
      });
      if (!posted.replayed)
        await recordAudit(tx, {
          teamId: team.id,
          actorId: operator.userId,
          action: entry.kind === 'promotion' ? 'credits.grant' : 'credits.adjust',
          target: formatSignedCents(entry.amountCents),
          details: { reason: entry.reason },
          at,
        });
      return { team, ...posted };
    });
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) return run(); // the same event raced in twice: replay the winner's entry
    if (error instanceof InsufficientCredits) {
      const balance = formatCents(error.balanceCents);
      const most = md`so an adjustment can take at most ${balance}.`;
      throw new TallyError(
        'adjustment_below_zero',
        md`That would take *${team.name}* below zero: its balance is ${balance}, ${most}`,
      );
    }
    throw error;
  }
}
