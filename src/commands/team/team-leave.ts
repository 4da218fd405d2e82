import { plural } from '../../format.ts';
import { button, success, warning } from '../../reply.ts';
import { LIVE_STATUSES } from '../../resources/live-statuses.ts';
import { md } from '../../rich-text.ts';
import { leaveTeam, refuseLeaving } from '../../teams/membership.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team leave',
  summary: 'Leave the team',
  options: [
    opt.choice('confirm', 'Set by the confirmation button', ['yes'], {
      required: false,
      namedOnly: true,
      internal: true,
    }),
  ],
  permission: null,
  async run({ deps, actor, team, access, options }) {
    if (options.confirm !== 'yes') {
      refuseLeaving(access);
      // What they launched keeps running and charging the team after they go: ask first.
      const mine = await deps.db.resource.findMany({
        where: { teamId: team.id, launchedById: actor.userId, status: { in: LIVE_STATUSES } },
        select: { name: true },
      });
      if (mine.length > 0) {
        const names = mine.map((r) => r.name).join(', ');
        const charging = md`that keep running and charging the team after you leave: ${names}.`;
        const stop = md`Stop them first with \`/resources stop <name>\`, or leave anyway.`;
        return warning(md`You launched ${plural(mine.length, 'resource')} in *${team.name}* ${charging} ${stop}`, {
          buttons: [button('Leave anyway', 'team leave', { team: team.id, confirm: 'yes' }, { style: 'danger' })],
        });
      }
    }
    await leaveTeam(deps, actor.userId, access);
    return success(md`You left *${team.name}*. Your active team is your personal team again if it was this one.`);
  },
});
