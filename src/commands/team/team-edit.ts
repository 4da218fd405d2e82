import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { editTeam } from '../../teams/team-lifecycle.ts';
import { TEAM_DESCRIPTION_MAX, TEAM_NAME_MAX } from '../../teams/team-records.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team edit',
  summary: "Change the team's name or description",
  options: [
    opt.text('name', 'New name', { required: false, namedOnly: true, max: TEAM_NAME_MAX, label: 'team name' }),
    opt.text('description', 'New description', {
      required: false,
      namedOnly: true,
      min: 0,
      max: TEAM_DESCRIPTION_MAX,
      multiline: true,
    }),
  ],
  permission: 'settings.manage',
  async run({ deps, actor, access, options }) {
    const updated = await editTeam(deps, actor.userId, access, options);
    return success(md`Saved. *${updated.name}*${updated.description ? `: ${updated.description}` : ''}`);
  },
});
