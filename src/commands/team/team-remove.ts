import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { tellMember } from '../../teams/member-notices.ts';
import { removeMember } from '../../teams/membership.ts';
import { knownMember } from '../../users/find-person.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team remove',
  summary: 'Remove a member from the team',
  options: [opt.person('person', 'The member to remove')],
  permission: 'members.manage',
  async run({ deps, actor, team, access, options, idempotencyKey }) {
    const target = await knownMember(deps, options.person, team.name);
    await removeMember(deps, actor.userId, access, target);
    const others = md`Your other teams are unchanged; see \`/team list\`.`;
    await tellMember(
      deps,
      { teamId: team.id, userId: target.userId },
      {
        title: 'Removed from a team',
        text: md`${actor.displayName} removed you from *${team.name}*. ${others}`,
        key: idempotencyKey,
      },
    );
    return success(md`Removed ${target.displayName} from *${team.name}*.`);
  },
});
