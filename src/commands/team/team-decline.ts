import { declineInvitation } from '../../invites/invitations.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

export default userCommand({
  path: 'team decline',
  summary: 'Decline a direct invitation',
  hidden: true,
  options: [opt.text('invitation', 'Invitation id', { max: 64 })],
  async run({ deps, actor, options }) {
    const invitation = await declineInvitation(deps, actor, options.invitation);
    return reply(md`You declined the invitation to *${invitation.team.name}*.`);
  },
});
