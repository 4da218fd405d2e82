import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { tellMember } from '../../teams/member-notices.ts';
import { changeRole } from '../../teams/membership.ts';
import { knownMember } from '../../users/find-person.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team role',
  summary: "Change a member's role",
  options: [
    opt.person('person', 'The member'),
    opt.text('role', 'New role: Co-Owner, Member or a custom role', { max: 32, autocomplete: 'role' }),
  ],
  permission: 'members.manage',
  async run({ deps, actor, team, access, options, idempotencyKey }) {
    const target = await knownMember(deps, options.person, team.name);
    const change = await changeRole(deps, actor.userId, access, target, options.role);
    await tellMember(
      deps,
      { teamId: team.id, userId: target.userId },
      {
        title: 'Your role changed',
        text: md`${actor.displayName} made you ${change.to} in *${team.name}* (you were ${change.from}).`,
        key: idempotencyKey,
      },
    );
    return success(md`${target.displayName} is now ${change.to} in *${team.name}* (was ${change.from}).`);
  },
});
