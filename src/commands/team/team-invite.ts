import { formatTime } from '../../format.ts';
import { inviteDirect, inviteeFor } from '../../invites/invitations.ts';
import { createInviteLink, currentInviteLink } from '../../invites/invite-links.ts';
import { notifyUser } from '../../notify.ts';
import { button, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { LINK_OPTIONS, linkSettings, roleOption } from './invite-options.ts';
import { existingLinkReply, newLinkReply } from './invite-replies.ts';

export default teamCommand({
  path: 'team invite',
  summary: 'Show the invite link, or invite a person directly by mentioning them',
  options: [
    opt.person('person', 'Someone to invite directly (they get a DM with Accept / Decline)', { required: false }),
    roleOption('Role they join with (default Member; never Owner)'),
    ...LINK_OPTIONS,
  ],
  permission: 'members.invite',
  // Discord can't hold a subcommand and a group both called "invite": the link and a person are two.
  typedVariants: [
    { sub: 'link', summary: 'Show the invite link, or make one with a role, expiry or use limit', omit: ['person'] },
    { sub: 'person', summary: 'Invite a person directly: they get a DM with Accept / Decline', require: ['person'] },
  ],
  async run({ deps, actor, team, access, options }) {
    if (options.person) {
      const invitee = await inviteeFor(deps, access, options.person, options.role);
      const invitation = await inviteDirect(deps, actor, access, invitee, options.role);
      await notifyUser(
        deps,
        invitee.userId,
        reply(md`${actor.displayName} invited you to join *${team.name}* as ${invitation.role.name}.`, {
          title: 'Team invitation',
          fields: [{ label: 'Expires', value: formatTime(invitation.expiresAt) }],
          buttons: [
            button('Accept', 'team accept', { invitation: invitation.id }, { style: 'primary' }),
            button('Decline', 'team decline', { invitation: invitation.id }),
          ],
        }),
        { teamId: team.id, key: `invitation:${invitation.id}` },
      );
      const expires = md`The invitation expires ${formatTime(invitation.expiresAt)}.`;
      return success(md`Invited ${invitee.displayName} to *${team.name}* as ${invitation.role.name}. ${expires}`, {
        buttons: [button('Cancel invitation', 'team invite cancel', { team: team.id, invitation: invitation.id })],
      });
    }
    const customised = options.role !== undefined || options.expires !== undefined || options.uses !== undefined;
    const existing = customised ? null : await currentInviteLink(deps, access);
    if (existing) return existingLinkReply(team.id, team.name, existing);
    const created = await createInviteLink(deps, actor.userId, access, linkSettings(options));
    return newLinkReply(team.id, team.name, created.code, created.url, created.link);
  },
});
