import { success } from '../../reply.ts';
import { leaveTeam } from '../../teams/membership.ts';
import { teamCommand } from '../define.ts';
import { md } from '../../rich-text.ts';

export default teamCommand({
  path: 'team leave',
  summary: 'Leave the team',
  options: [],
  permission: null,
  async run({ deps, actor, team }) {
    await leaveTeam(deps, actor.userId, team);
    return success(md`You left *${team.team.name}*. Your active team is your personal team again if it was this one.`);
  },
});
