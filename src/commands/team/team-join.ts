import { joinByCode } from '../../invites/invite-links.ts';
import { button, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

export default userCommand({
  path: 'team join',
  summary: 'Join a team with an invite code or link',
  options: [opt.text('code', 'Invite code or link', { max: 300 })],
  async run({ deps, actor, options }) {
    const { team, role } = await joinByCode(deps, actor, options.code);
    return success(md`Welcome to *${team.name}*! You joined as ${role.name}.`, {
      buttons: [button('Switch to this team', 'team switch', { to: team.id }, { style: 'primary' })],
    });
  },
});
