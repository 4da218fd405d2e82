import { approveTopUp } from '../../credits/top-up-requests.ts';
import { formatCents } from '../../money.ts';
import { button, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

/** An operator's *Approve* on a top-up request's DM. */
export default userCommand({
  path: 'credits approve',
  summary: 'Approve a top-up request (operators)',
  hidden: true,
  options: [opt.text('request', 'Top-up request id', { max: 64, internal: true })],
  async run({ deps, actor, options }) {
    const { request, entry, invoice } = await approveTopUp(deps, actor, options.request);
    const added = md`Added *${formatCents(entry.amountCents)}* credits to *${request.team.name}*`;
    const asker = md`${request.requester.displayName} has been told`;
    return success(md`${added} (asked by ${request.requester.displayName}). ${asker}.`, {
      title: 'Top-up approved',
      fields: [
        { label: 'Balance', value: formatCents(entry.balanceAfterCents) },
        { label: 'Invoice', value: invoice.number },
      ],
      buttons: [
        button(`Invoice ${invoice.number}`, 'credits invoice', {
          team: request.teamId,
          number: invoice.number,
        }),
      ],
    });
  },
});
