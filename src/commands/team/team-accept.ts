import { acceptInvitation } from '../../invites/invitations.ts';
import { button, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

export default userCommand({
  path: 'team accept',
  summary: 'Accept a direct invitation',
  hidden: true,
  options: [opt.text('invitation', 'Invitation id', { max: 64 })],
  async run({ deps, actor, options }) {
    const invitation = await acceptInvitation(deps, actor, options.invitation);
    return success(md`Welcome to *${invitation.team.name}*! You joined as ${invitation.role.name}.`, {
      buttons: [button('Switch to this team', 'team switch', { to: invitation.teamId }, { style: 'primary' })],
    });
  },
});
