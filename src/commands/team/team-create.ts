import { createTeam } from '../../teams/team-lifecycle.ts';
import { TEAM_DESCRIPTION_MAX, TEAM_NAME_MAX } from '../../teams/team-records.ts';
import { button, success } from '../../reply.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

export default userCommand<{ name: string; description?: string }>({
  path: 'team create',
  summary: 'Create a team; you become its Owner and it becomes your active team',
  options: [
    opt.text('name', 'Team name', { max: TEAM_NAME_MAX, label: 'team name' }),
    opt.text('description', 'What the team is for', { required: false, max: TEAM_DESCRIPTION_MAX, rest: true, multiline: true }),
  ],
  async run({ deps, actor, options }) {
    const team = await createTeam(deps, actor.userId, { name: options.name, description: options.description ?? '' });
    return success(`Created *${team.name}* (\`${team.id}\`). You are its Owner, and it is now your active team.`, {
      buttons: [button('Invite people', 'team invite', { team: team.id }, { style: 'primary' }), button('Add credits', 'credits add', { team: team.id })],
    });
  },
});
