import { cancelInvitation } from '../../invites/invitations.ts';
import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team invite cancel',
  summary: 'Cancel a pending direct invitation (ids are in /team invitations)',
  options: [opt.text('invitation', 'Invitation id', { max: 64 })],
  permission: 'members.invite',
  async run({ deps, actor, team, access, options }) {
    const invitation = await cancelInvitation(deps, actor.userId, access, options.invitation);
    return success(md`Cancelled the invitation of ${invitation.invitee.displayName} to *${team.name}*.`);
  },
});
