import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { formatCents } from '../money.ts';
import type { TeamContext } from '../teams/team-context.ts';

/** `channel`: undefined keeps the current one, "" removes it. */
export async function setLowBalanceAlert(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'billing.manage'>,
  thresholdCents: number,
  channel: string | undefined,
) {
  return deps.db.$transaction(async (tx) => {
    const team = await tx.team.update({
      where: { id: ctx.team.id },
      data: { lowBalanceCents: thresholdCents, ...(channel !== undefined && { alertChannel: channel || null }) },
    });
    await recordAudit(tx, {
      teamId: team.id,
      actorId,
      action: 'credits.alert',
      target: formatCents(thresholdCents),
      details: { channel: team.alertChannel },
      at: deps.clock.now(),
    });
    return team;
  });
}
