import { startCardTopUp } from '../../credits/card-top-up.ts';
import { topUp } from '../../credits/top-up.ts';
import { requestTopUp } from '../../credits/top-up-requests.ts';
import { formatCents, formatMoney } from '../../money.ts';
import { button, linkButton, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'credits add',
  summary: 'Add credits: a card payment link, else posted by an operator or sent to the operators to approve',
  options: [opt.amount('amount', 'Amount of credits, like 50 or 12.50')],
  permission: 'billing.manage',
  async run({ deps, actor, team, access, options, idempotencyKey }) {
    // With a card processor everyone pays through it, operators too: no money is posted by hand.
    if (deps.payments.checkout) {
      const link = await startCardTopUp(deps, actor, access, options.amount, idempotencyKey);
      const price = formatMoney(options.amount, deps.invoicing.currency);
      const credits = md`*${formatCents(options.amount)}* credits for *${team.name}*`;
      const pay = md`Pay *${price}* by card to add ${credits}.`;
      return reply(md`${pay} They are added once the payment is confirmed; you'll get a message.`, {
        title: 'Pay to add credits',
        buttons: [linkButton(`Pay ${price}`, link.url)],
      });
    }
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
