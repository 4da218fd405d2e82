import { listInvoices } from '../../credits/balance.ts';
import { formatDate } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { button, reply } from '../../reply.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'credits invoices',
  summary: "The team's invoices",
  options: [],
  permission: 'billing.view',
  async run({ deps, team }) {
    const invoices = await listInvoices(deps, team.team.id);
    return reply(invoices.length ? `${invoices.length} invoice${invoices.length === 1 ? '' : 's'}, newest first.` : 'No invoices yet: every top-up makes one.', {
      title: 'Invoices',
      items: invoices.map((inv) => ({
        text: `#${inv.number}  ${formatDate(inv.createdAt)}  *${formatCents(inv.amountCents)}*`,
        buttons: [button('View', 'credits invoice', { team: team.team.id, number: String(inv.number) })],
      })),
    });
  },
});
