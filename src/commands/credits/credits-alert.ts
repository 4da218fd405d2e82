import { alertChannelOf } from '../../alerts/alert-channel.ts';
import { setLowBalanceAlert } from '../../credits/alert-settings.ts';
import { formatCents } from '../../money.ts';
import { success } from '../../reply.ts';
import { channelLink, md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'credits alert',
  summary: 'Set the low-balance threshold and, optionally, the channel alerts go to',
  options: [
    opt.amount('threshold', 'Alert when the balance falls below this amount (0 turns it off)', { allowZero: true }),
    opt.channel('channel', 'Channel for alerts, besides DMs to billing roles', { required: false }),
  ],
  permission: 'billing.manage',
  async run({ deps, actor, access, options }) {
    const { channel: chosen } = options;
    const channelChange = chosen === undefined ? undefined : chosen === '' ? null : chosen;
    const updated = await setLowBalanceAlert(deps, actor.userId, access, options.threshold, channelChange);
    const channel = alertChannelOf(updated);
    const where = channel
      ? md` Alerts go to ${channelLink(channel.channelId)} and to billing roles by DM.`
      : ' Alerts go to billing roles by DM.';
    return success(
      updated.lowBalanceCents === 0
        ? md`Low-balance alerts for *${updated.name}* are off.`
        : md`*${updated.name}* will alert below *${formatCents(updated.lowBalanceCents)}*.${where}`,
    );
  },
});
