import { topUp } from '../../credits/top-up.ts';
import { formatCents } from '../../money.ts';
import { button, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'credits add',
  summary: 'Record a top-up (a manual payment confirmed by you) and get its invoice',
  options: [opt.amount('amount', 'Amount of credits, like 50 or 12.50')],
  permission: 'billing.manage',
  async run({ deps, actor, team, access, options, idempotencyKey }) {
    const { entry, invoice, replayed } = await topUp(deps, actor.userId, access, options.amount, idempotencyKey);
    const added = md`Added *${formatCents(entry.amountCents)}* credits to *${team.name}*.`;
    return success(
      md`${replayed ? 'Already recorded: ' : ''}${added} Balance: *${formatCents(entry.balanceAfterCents)}*.`,
      {
        fields: [
          { label: 'Invoice', value: invoice.number },
          { label: 'Payment', value: invoice.paymentMethod },
        ],
        buttons: [button(`Invoice ${invoice.number}`, 'credits invoice', { team: team.id, number: invoice.number })],
      },
    );
  },
});
