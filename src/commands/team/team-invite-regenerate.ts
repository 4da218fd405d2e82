import { createInviteLink } from '../../invites/invite-links.ts';
import { teamCommand } from '../define.ts';
import { LINK_OPTIONS, linkSettings, roleOption } from './invite-options.ts';
import { newLinkReply } from './invite-replies.ts';

export default teamCommand({
  path: 'team invite regenerate',
  summary: 'Replace the invite link with a new one; the old one stops working',
  options: [roleOption('Role they join with (default Member)'), ...LINK_OPTIONS],
  permission: 'members.invite',
  async run({ deps, actor, team, access, options }) {
    const created = await createInviteLink(deps, actor.userId, access, linkSettings(options));
    return newLinkReply(team.id, team.name, created.code, created.url, created.link);
  },
});
