import { plural } from '../../format.ts';
import { disableInviteLinks } from '../../invites/invite-links.ts';
import { button, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team invite disable',
  summary: 'Turn off every invite link of the team',
  options: [],
  permission: 'members.invite',
  async run({ deps, actor, team, access }) {
    const count = await disableInviteLinks(deps, actor.userId, access);
    if (count === 0)
      return reply(md`*${team.name}* has no active invite link.`, {
        buttons: [button('Create a link', 'team invite regenerate', { team: team.id })],
      });
    const pronoun = count === 1 ? 'it' : 'them';
    return success(
      md`Disabled ${plural(count, 'invite link')} of *${team.name}*. Nobody can join with ${pronoun} any more.`,
    );
  },
});
