import { formatCents } from '../../money.ts';
import { holdersOf, notifyUser } from '../../notify.ts';
import { button, reply, success } from '../../reply.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'credits notify',
  summary: 'Ask the billing roles to add credits',
  hidden: true,
  options: [],
  permission: null,
  async run({ deps, actor, team, idempotencyKey }) {
    const owners = await holdersOf(deps, team.team.id, 'billing.manage');
    const message = reply(`${actor.displayName} asks for credits in *${team.team.name}*: the balance is ${formatCents(team.team.balanceCents)}.`, {
      tone: 'warning',
      title: 'Credits requested',
      buttons: [button('Top up', 'credits add', { team: team.team.id }, { style: 'primary' }), button('View balance', 'credits balance', { team: team.team.id })],
    });
    for (const owner of owners) await notifyUser(deps, owner.userId, message, { teamId: team.team.id, key: `credits-request:${idempotencyKey}:${owner.userId}` });
    return success(`Told ${owners.map((o) => o.displayName).join(', ')} that *${team.team.name}* needs credits.`);
  },
});
