import { billingButtons } from '../../alerts/billing-buttons.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { MINUTE } from '../../clock.ts';
import { formatTime } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { notifyUser } from '../../notify.ts';
import { reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { holdersOf } from '../../roles/holders.ts';
import { lockTeam } from '../../teams/team-records.ts';
import { teamCommand } from '../define.ts';

/** One request per person per team in this long: any member may ask, nobody may flood the owners. */
const REQUEST_INTERVAL_MS = 10 * MINUTE;

export default teamCommand({
  path: 'credits notify',
  summary: 'Ask the billing roles to add credits',
  hidden: true,
  options: [],
  permission: null,
  async run({ deps, actor, team, idempotencyKey }) {
    const now = deps.clock.now();
    // Under the team row's lock, so a double click is one request.
    const earlier = await deps.db.$transaction(async (tx) => {
      await lockTeam(tx, team.id);
      const last = await tx.auditEntry.findFirst({
        where: {
          teamId: team.id,
          actorId: actor.userId,
          action: 'credits.request',
          createdAt: { gt: new Date(now.getTime() - REQUEST_INTERVAL_MS) },
        },
        orderBy: { createdAt: 'desc' },
      });
      if (!last)
        await recordAudit(tx, {
          teamId: team.id,
          actorId: actor.userId,
          action: 'credits.request',
          target: formatCents(team.balanceCents),
          at: now,
        });
      return last;
    });
    if (earlier) {
      const again = formatTime(new Date(earlier.createdAt.getTime() + REQUEST_INTERVAL_MS));
      const told = md`the billing roles were told then. You can ask again from ${again}.`;
      return reply(md`You asked for credits in *${team.name}* at ${formatTime(earlier.createdAt)}; ${told}`);
    }
    const owners = await holdersOf(deps.db, team.id, 'billing.manage');
    const message = reply(
      md`${actor.displayName} asks for credits in *${team.name}*: the balance is ${formatCents(team.balanceCents)}.`,
      {
        tone: 'warning',
        title: 'Credits requested',
        buttons: billingButtons(team.id),
      },
    );
    for (const owner of owners)
      await notifyUser(deps, owner.userId, message, {
        teamId: team.id,
        key: `credits-request:${idempotencyKey}:${owner.userId}`,
      });
    return success(md`Told ${owners.map((o) => o.displayName).join(', ')} that *${team.name}* needs credits.`);
  },
});
