import { button, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { createTeam } from '../../teams/team-lifecycle.ts';
import { TEAM_DESCRIPTION_MAX, TEAM_NAME_MAX } from '../../teams/team-records.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

export default userCommand({
  path: 'team create',
  summary: 'Create a team; you become its Owner and it becomes your active team',
  example: '/team create Acme Corp description:"GPU research"',
  // People type names with spaces: the whole text is the name, the description only ever named.
  options: [
    opt.text('name', 'Team name', { max: TEAM_NAME_MAX, label: 'team name', rest: true }),
    opt.text('description', 'What the team is for', {
      required: false,
      namedOnly: true,
      max: TEAM_DESCRIPTION_MAX,
      multiline: true,
    }),
  ],
  async run({ deps, actor, options }) {
    const team = await createTeam(deps, actor.userId, { name: options.name, description: options.description ?? '' });
    return success(md`Created *${team.name}* (\`${team.id}\`). You are its Owner, and it is now your active team.`, {
      buttons: [
        button('Invite people', 'team invite', { team: team.id }, { style: 'primary' }),
        button('Add credits', 'credits add', { team: team.id }),
      ],
    });
  },
});
