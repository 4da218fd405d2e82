import { formatDate, plural } from '../../format.ts';
import { button, reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { myMemberships } from '../../teams/resolve-team.ts';
import { userCommand } from '../define.ts';

export default userCommand({
  path: 'team list',
  summary: 'Your teams, your role in each, and which one is active',
  options: [],
  async run({ deps, actor }) {
    const memberships = await myMemberships(deps.db, actor.userId);
    const user = await deps.db.user.findUniqueOrThrow({ where: { id: actor.userId } });
    const activeId = memberships.some((m) => m.teamId === user.activeTeamId) ? user.activeTeamId : user.personalTeamId;
    const counts = await deps.db.membership.groupBy({
      by: ['teamId'],
      where: { teamId: { in: memberships.map((m) => m.teamId) } },
      _count: true,
    });
    const countOf = new Map(counts.map((c) => [c.teamId, c._count]));
    return reply(`You are in ${plural(memberships.length, 'team')}.`, {
      title: 'Your teams',
      buttons: [button('Create team', 'team create', {}, { form: true })],
      items: memberships.map((m) => {
        const active = m.teamId === activeId;
        return {
          text: md`${active ? '▶ ' : ''}*${m.team.name}* \`${m.team.id}\`${active ? ' (active)' : ''}`,
          fields: [
            { label: 'Your role', value: m.role.name },
            { label: 'Members', value: String(countOf.get(m.teamId) ?? 1) },
            { label: 'Created', value: formatDate(m.team.createdAt) },
            { label: 'Joined', value: formatDate(m.joinedAt) },
          ],
          buttons: active ? [] : [button('Switch', 'team switch', { to: m.team.id })],
        };
      }),
    });
  },
});
