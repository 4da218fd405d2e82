import { listInvoices } from '../../credits/balance.ts';
import { formatDate, plural } from '../../format.ts';
import { listCreditNotes } from '../../invoices/team-credit-notes.ts';
import { formatMoney } from '../../money.ts';
import { button, listReply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

/** As many as one reply shows (Slack allows 50 blocks; each item takes two). */
const SHOWN = 25;

export default teamCommand({
  path: 'credits invoices',
  summary: "The team's invoices and credit notes",
  options: [],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access }) {
    const invoices = await listInvoices(deps, access, SHOWN);
    const notes = await listCreditNotes(deps, access, SHOWN);
    const view = (number: string) => [button('View', 'credits invoice', { team: team.id, number })];
    const rows = [
      // Notes first: the sort keeps them before an invoice of the same instant, which they come after.
      ...notes.map((note) => {
        const amount = formatMoney(-note.amountCents, note.currency); // negative: money given back
        const corrects = md`credit note for invoice ${note.invoice.number}`;
        return {
          at: note.createdAt,
          note: true,
          text: md`${note.number}  ${formatDate(note.createdAt)}  *${amount}*  ${corrects}`,
          buttons: view(note.number),
        };
      }),
      ...invoices.map((inv) => ({
        at: inv.createdAt,
        note: false,
        text: md`${inv.number}  ${formatDate(inv.createdAt)}  *${formatMoney(inv.amountCents, inv.currency)}*`,
        buttons: view(inv.number),
      })),
    ]
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, SHOWN);
    const noteCount = rows.filter((row) => row.note).length;
    const counted = (n: number) =>
      noteCount ? `${plural(n - noteCount, 'invoice')} and ${plural(noteCount, 'credit note')}` : plural(n, 'invoice');
    return listReply(
      'Invoices',
      rows,
      { none: 'No invoices yet: every top-up makes one.', some: (n) => `${counted(n)}, newest first.` },
      ({ text, buttons }) => ({ text, buttons }),
    );
  },
});
