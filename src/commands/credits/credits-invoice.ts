import { findInvoice } from '../../credits/balance.ts';
import { accountLabel, invoiceFileName, renderInvoicePdf } from '../../documents/invoice-pdf.ts';
import { TallyError } from '../../errors.ts';
import { formatDate } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'credits invoice',
  summary: 'One invoice, as a PDF file',
  options: [opt.integer('number', 'Invoice number', { min: 1, max: 1_000_000_000 })],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access, options }) {
    const invoice = await findInvoice(deps, access, options.number);
    if (!invoice)
      throw new TallyError(
        'invoice_not_found',
        md`*${team.name}* has no invoice #${options.number}. See \`/credits invoices\`.`,
      );
    return reply(md`Invoice #${invoice.number} of *${invoice.teamName}*, with its PDF.`, {
      title: `Invoice #${invoice.number}`,
      fields: [
        { label: 'Date', value: formatDate(invoice.createdAt) },
        { label: 'Team', value: invoice.teamName },
        { label: 'Account type', value: accountLabel(invoice.accountType, invoice.companyName) },
        { label: 'Billing address', value: invoice.billingAddress || 'not set' },
        { label: 'Amount', value: formatCents(invoice.amountCents) },
        { label: 'Payment', value: invoice.paymentMethod },
      ],
      file: { name: invoiceFileName(invoice), mimeType: 'application/pdf', data: await renderInvoicePdf(invoice) },
    });
  },
});
