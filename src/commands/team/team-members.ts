import { formatDate, plural } from '../../format.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { listMembers } from '../../teams/membership.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team members',
  summary: 'Who is in the team, with their roles',
  options: [],
  permission: null,
  async run({ deps, team, access }) {
    const members = await listMembers(deps, access);
    return reply(md`*${team.name}* has ${plural(members.length, 'member')}.`, {
      title: 'Members',
      items: members.map((m) => ({
        text: md`*${m.user.displayName}*: ${m.role.name}, joined ${formatDate(m.joinedAt)}`,
      })),
    });
  },
});
