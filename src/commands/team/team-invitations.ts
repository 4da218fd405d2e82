import { formatTime, plural } from '../../format.ts';
import { pendingForTeam, pendingForUser } from '../../invites/invitations.ts';
import { button, type Item, reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { resolveTeam } from '../../teams/resolve-team.ts';
import { authorizeTeam } from '../../teams/team-context.ts';
import { userCommand } from '../define.ts';
import { TEAM_OPTION } from '../options.ts';

export default userCommand({
  path: 'team invitations',
  summary: 'Invitations waiting for you, and those your team has sent',
  options: [TEAM_OPTION],
  async run({ deps, actor, options }) {
    const received = await pendingForUser(deps, actor.userId);
    const items: Item[] = received.map((inv) => {
      const from = md`from ${inv.inviter.displayName}; expires ${formatTime(inv.expiresAt)}`;
      return {
        text: md`For you: *${inv.team.name}* as ${inv.role.name}, ${from}`,
        buttons: [
          button('Accept', 'team accept', { invitation: inv.id }, { style: 'primary' }),
          button('Decline', 'team decline', { invitation: inv.id }),
        ],
      };
    });
    const ctx = await resolveTeam(deps.db, actor.userId, options.team);
    const seesTeams = ctx.permissions.has('members.invite');
    if (seesTeams) {
      for (const inv of await pendingForTeam(deps, authorizeTeam(ctx, 'members.invite'))) {
        items.push({
          text:
            `Sent by ${ctx.team.name}: ${inv.invitee.displayName} as ${inv.role.name}, ` +
            `by ${inv.inviter.displayName}; expires ${formatTime(inv.expiresAt)}`,
          buttons: [
            button('Cancel', 'team invite cancel', { team: ctx.team.id, invitation: inv.id }, { style: 'danger' }),
          ],
        });
      }
    }
    const count = items.length ? `${plural(items.length, 'pending invitation')}.` : 'No pending invitations.';
    // Without members.invite only one's own invitations show: say so, or "none" would mislead.
    const others = md`those ${ctx.team.name} has sent are shown to people who may invite (members.invite).`;
    const scope = seesTeams ? '' : md` This lists invitations to you; ${others}`;
    return reply(md`${count}${scope}`, { title: 'Invitations', items });
  },
});
