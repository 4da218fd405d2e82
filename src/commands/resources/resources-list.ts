import { formatTime } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { button, reply } from '../../reply.ts';
import { listLiveResources } from '../../resources/stop-resource.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'resources list',
  summary: 'Running resources: name, type, IP, status, cost per hour',
  options: [],
  permission: 'resources.view',
  async run({ deps, team }) {
    const resources = await listLiveResources(deps, team.team.id);
    const canStop = team.permissions.has('resources.manage');
    return reply(resources.length ? `*${team.team.name}* has ${resources.length} live resource${resources.length === 1 ? '' : 's'}.` : `Nothing is running in *${team.team.name}*. Launch with \`/launch instance <flavor> <name>\`.`, {
      title: 'Resources',
      items: resources.map((r) => ({
        text: `*${r.name}*: ${r.kind} ${r.spec}${r.status === 'suspended' ? ' (suspended: insufficient credits)' : ''}`,
        fields: [
          { label: 'IP', value: r.ipAddress ?? '—' },
          { label: 'Status', value: r.status },
          { label: 'Started', value: formatTime(r.startedAt) },
          { label: 'Launched by', value: r.launchedBy },
          { label: 'Cost', value: `${formatCents(r.hourlyCents)}/h` },
        ],
        buttons: canStop ? [button('Stop', 'resources stop', { team: team.team.id, name: r.name }, { style: 'danger', confirm: `Stop ${r.name}?` })] : [],
      })),
    });
  },
});
