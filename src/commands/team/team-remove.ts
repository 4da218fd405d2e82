import { success } from '../../reply.ts';
import { removeMember } from '../../teams/membership.ts';
import { knownMember } from '../../users/find-person.ts';
import { teamCommand } from '../define.ts';
import { opt, type PersonRef } from '../options.ts';

export default teamCommand<{ person: PersonRef }>({
  path: 'team remove',
  summary: 'Remove a member from the team',
  options: [opt.person('person', 'The member to remove')],
  permission: 'members.manage',
  async run({ deps, actor, team, options }) {
    const target = await knownMember(deps, options.person, team.team.name);
    await removeMember(deps, actor.userId, team, target);
    return success(`Removed ${target.displayName} from *${team.team.name}*.`);
  },
});
