import { topUp } from '../../credits/top-up.ts';
import { requestTopUp } from '../../credits/top-up-requests.ts';
import { formatCents } from '../../money.ts';
import { button, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'credits add',
  summary: 'Add credits: posted at once by an operator, otherwise sent to the operators to approve',
  options: [opt.amount('amount', 'Amount of credits, like 50 or 12.50')],
  permission: 'billing.manage',
  async run({ deps, actor, team, access, options, idempotencyKey }) {
    if (!deps.operators.includes(actor.identity)) {
      const { request, replayed } = await requestTopUp(deps, actor, access, options.amount, idempotencyKey);
      const asked = md`Asked the operators to approve *${formatCents(request.amountCents)}* credits for *${team.name}*`;
      return reply(md`${replayed ? 'Already asked: ' : ''}${asked}; you'll get a message when one does.`, {
        title: 'Top-up requested',
      });
    }
    const { entry, invoice, replayed } = await topUp(deps, actor, access, options.amount, idempotencyKey);
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
