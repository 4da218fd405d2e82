import { success } from '../../reply.ts';
import { changeRole } from '../../teams/membership.ts';
import { userFromPerson } from '../../users/ensure-user.ts';
import { teamCommand } from '../define.ts';
import { opt, type PersonRef } from '../options.ts';
import { md } from '../../rich-text.ts';

export default teamCommand<{ person: PersonRef; role: string }>({
  path: 'team role',
  summary: "Change a member's role",
  options: [opt.person('person', 'The member'), opt.text('role', 'New role: Co-Owner, Member or a custom role', { max: 32, autocomplete: 'role' })],
  permission: 'members.manage',
  async run({ deps, actor, team, options }) {
    const target = await userFromPerson(deps, options.person);
    const change = await changeRole(deps, actor.userId, team, target, options.role);
    return success(md`${target.displayName} is now ${change.to} in *${team.team.name}* (was ${change.from}).`);
  },
});
