import { createInviteLink } from '../../invites/invite-links.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { LINK_OPTIONS, type LinkOptionValues, linkSettings } from './invite-options.ts';
import { newLinkReply } from './invite-replies.ts';

export default teamCommand<LinkOptionValues>({
  path: 'team invite regenerate',
  summary: 'Replace the invite link with a new one; the old one stops working',
  options: [
    opt.text('role', 'Role they join with (default Member)', { required: false, max: 32, autocomplete: 'role' }),
    ...LINK_OPTIONS,
  ],
  permission: 'members.invite',
  async run({ deps, actor, team, options }) {
    const created = await createInviteLink(deps, actor.userId, team, linkSettings(options));
    return newLinkReply(team.team.id, team.team.name, created.code, created.url, created.link);
  },
});
