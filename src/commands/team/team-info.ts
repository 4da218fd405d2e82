import { formatDate } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { LIVE_STATUSES } from '../../resources/live-statuses.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team info',
  summary: 'Details of a team',
  options: [],
  permission: null,
  async run({ deps, team, access }) {
    const [members, live] = await Promise.all([
      deps.db.membership.count({ where: { teamId: team.id } }),
      deps.db.resource.count({ where: { teamId: team.id, status: { in: LIVE_STATUSES } } }),
    ]);
    const owner = await deps.db.membership.findFirst({
      where: { teamId: team.id, role: { key: 'owner' } },
      include: { user: true },
    });
    return reply(team.description || 'No description.', {
      title: team.isPersonal && !team.name.endsWith('(personal)') ? `${team.name} (personal)` : team.name,
      fields: [
        { label: 'Id', value: team.id },
        { label: 'Owner', value: owner?.user.displayName ?? '—' },
        { label: 'Members', value: String(members) },
        { label: 'Your role', value: access.role.name },
        { label: 'Running resources', value: String(live) },
        ...(access.permissions.has('billing.view')
          ? [{ label: 'Balance', value: formatCents(team.balanceCents) }]
          : []),
        { label: 'Created', value: formatDate(team.createdAt) },
      ],
    });
  },
});
