import { alertChannelColumns } from '../alerts/alert-channel.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { formatCents } from '../money.ts';
import type { ChannelRef } from '../ports/notifier.ts';
import type { TeamContext } from '../teams/team-context.ts';

/** `channel`: undefined keeps the current one, null removes it. */
export async function setLowBalanceAlert(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'billing.manage'>,
  thresholdCents: number,
  channel: ChannelRef | null | undefined,
) {
  return deps.db.$transaction(async (tx) => {
    const team = await tx.team.update({
      where: { id: ctx.team.id },
      data: { lowBalanceCents: thresholdCents, ...(channel !== undefined && alertChannelColumns(channel)) },
    });
    await recordAudit(tx, {
      teamId: team.id,
      actorId,
      action: 'credits.alert',
      target: formatCents(thresholdCents),
      details: { channel: team.alertChannel, platform: team.alertChannelPlatform },
      at: deps.clock.now(),
    });
    return team;
  });
}
