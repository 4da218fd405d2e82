import { balanceSummary } from '../../credits/balance.ts';
import { formatHours } from '../../format.ts';
import { formatCents } from '../../money.ts';
import type { ChannelRef } from '../../ports/notifier.ts';
import { button, reply } from '../../reply.ts';
import { channelLink, md, type Text } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

function alertsGoTo(channel: ChannelRef | null): Text {
  return channel ? md`${channelLink(channel.channelId)} and billing roles by DM` : 'billing roles by DM';
}

export default teamCommand({
  path: 'credits balance',
  summary: 'Balance, low-balance threshold, burn rate and runway',
  options: [],
  permission: 'billing.view',
  async run({ deps, team, access }) {
    const summary = await balanceSummary(deps, access);
    // A team that never had credits is new, not running low: no warning until money has come in.
    const low = summary.everFunded && summary.balanceCents < summary.thresholdCents;
    const below = low ? ', below its low-balance threshold' : '';
    const text = summary.everFunded
      ? md`*${team.name}* has *${formatCents(summary.balanceCents)}* credits${below}.`
      : md`*${team.name}* has no credits yet. Add some with \`/credits add <amount>\` to launch resources.`;
    return reply(text, {
      tone: low ? 'warning' : 'info',
      title: 'Credits',
      fields: [
        { label: 'Balance', value: formatCents(summary.balanceCents) },
        { label: 'Low-balance threshold', value: formatCents(summary.thresholdCents) },
        { label: 'Burn rate', value: `${formatCents(summary.burnCentsPerHour)} per hour` },
        {
          label: 'Runway',
          value: summary.runwayHours === null ? 'nothing is running' : formatHours(summary.runwayHours),
        },
        { label: 'Alerts go to', value: alertsGoTo(summary.alertChannel) },
      ],
      buttons: access.permissions.has('billing.manage')
        ? [button('Top up', 'credits add', { team: team.id }, { style: 'primary' })]
        : [],
    });
  },
});
