import { formatTime, plural } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { button, listReply } from '../../reply.ts';
import { connectionFields } from '../../resources/connection.ts';
import { listLiveResources } from '../../resources/stop-resource.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

/** What a status means for the person reading the list. */
const NOTE: Partial<Record<string, string>> = {
  suspended: ' (suspended: insufficient credits)',
  provisioning: ' (being launched)',
  pending: ' (starting at the cloud: not charged by the hour until it is up)',
};

export default teamCommand({
  path: 'resources list',
  summary: 'Running resources: name, type, IP, status, cost per hour',
  options: [],
  permission: 'resources.view',
  async run({ deps, team, access }) {
    const resources = await listLiveResources(deps, access);
    const canStop = access.permissions.has('resources.manage');
    const say = {
      none: md`Nothing is running in *${team.name}*. Launch with \`/launch instance <flavor> <name>\`.`,
      some: (n: number) => md`*${team.name}* has ${plural(n, 'live resource')}.`,
    };
    return listReply('Resources', resources, say, (r) => ({
      text: md`*${r.name}*: ${r.kind} ${r.spec}${r.region ? ` in ${r.region}` : ''}${NOTE[r.status] ?? ''}`,
      fields: [
        { label: 'IP', value: r.ipAddress ?? '—' },
        { label: 'Status', value: r.status },
        { label: 'Started', value: formatTime(r.startedAt) },
        { label: 'Launched by', value: r.launchedBy },
        { label: 'Cost', value: `${formatCents(r.hourlyCents)}/h` },
        ...connectionFields(r),
      ],
      buttons: canStop
        ? [
            button(
              'Stop',
              'resources stop',
              { team: team.id, name: r.name },
              { style: 'danger', confirm: `Stop ${r.name}?` },
            ),
          ]
        : [],
    }));
  },
});
