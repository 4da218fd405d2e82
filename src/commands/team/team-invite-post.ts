import { formatTime } from '../../format.ts';
import { createInviteLink } from '../../invites/invite-links.ts';
import { button, reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { LINK_OPTIONS, linkSettings, roleOption } from './invite-options.ts';

export default teamCommand({
  path: 'team invite post',
  summary: 'Post a public message with a Join team button, for communities',
  options: [roleOption('Role they join with (default Member)'), ...LINK_OPTIONS],
  permission: 'members.invite',
  publicReply: true,
  async run({ deps, actor, team, access, options }) {
    const created = await createInviteLink(deps, actor.userId, access, linkSettings(options, true));
    const expiry = created.link.expiresAt ? ` Open until ${formatTime(created.link.expiresAt)}.` : '';
    const about = team.description ? ` — ${team.description}` : '';
    return reply(md`${actor.displayName} invites you to join *${team.name}*${about}.${expiry}`, {
      title: `Join ${team.name}`,
      ephemeral: false,
      buttons: [button('Join team', 'team join', { code: created.code }, { style: 'primary' })],
    });
  },
});
