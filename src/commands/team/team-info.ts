import { formatDate } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { teamDetails } from '../../teams/team-details.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team info',
  summary: 'Details of a team',
  options: [],
  permission: null,
  async run({ deps, team, access }) {
    const { members, liveResources, ownerName } = await teamDetails(deps, access);
    return reply(team.description || 'No description.', {
      title: team.isPersonal && !team.name.endsWith('(personal)') ? `${team.name} (personal)` : team.name,
      fields: [
        { label: 'Id', value: team.id },
        { label: 'Owner', value: ownerName ?? '—' },
        { label: 'Members', value: String(members) },
        { label: 'Your role', value: access.role.name },
        { label: 'Running resources', value: String(liveResources) },
        ...(access.permissions.has('billing.view')
          ? [{ label: 'Balance', value: formatCents(team.balanceCents) }]
          : []),
        { label: 'Created', value: formatDate(team.createdAt) },
      ],
    });
  },
});
