import { listInvoices } from '../../credits/balance.ts';
import { formatDate, plural } from '../../format.ts';
import { formatMoney } from '../../money.ts';
import { button, listReply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'credits invoices',
  summary: "The team's invoices",
  options: [],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access }) {
    const invoices = await listInvoices(deps, access);
    return listReply(
      'Invoices',
      invoices,
      { none: 'No invoices yet: every top-up makes one.', some: (n) => `${plural(n, 'invoice')}, newest first.` },
      (inv) => ({
        text: md`${inv.number}  ${formatDate(inv.createdAt)}  *${formatMoney(inv.amountCents, inv.currency)}*`,
        buttons: [button('View', 'credits invoice', { team: team.id, number: inv.number })],
      }),
    );
  },
});
