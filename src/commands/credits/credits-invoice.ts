import { findInvoice } from '../../credits/balance.ts';
import { accountLabel, invoiceFileName, paidLabel, renderInvoicePdf } from '../../documents/invoice-pdf.ts';
import { TallyError } from '../../errors.ts';
import { formatDate } from '../../format.ts';
import { formatMoney } from '../../money.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'credits invoice',
  summary: 'One invoice, as a PDF file',
  options: [opt.text('number', 'Invoice number, like 2026-000123', { max: 20, label: 'invoice number' })],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access, options }) {
    const invoice = await findInvoice(deps, access, options.number);
    if (!invoice)
      throw new TallyError(
        'invoice_not_found',
        md`*${team.name}* has no invoice ${options.number}. Numbers look like 2026-000123: see \`/credits invoices\`.`,
      );
    return reply(md`Invoice ${invoice.number} of *${invoice.teamName}*, with its PDF.`, {
      title: `Invoice ${invoice.number}`,
      fields: [
        { label: 'Date', value: formatDate(invoice.createdAt) },
        { label: 'Bill to', value: invoice.companyName ?? invoice.teamName },
        { label: 'Account type', value: accountLabel(invoice.accountType, invoice.companyName) },
        { label: 'Billing address', value: invoice.billingAddress || 'not set' },
        ...(invoice.taxId ? [{ label: 'Tax id', value: invoice.taxId }] : []),
        { label: 'Amount', value: formatMoney(invoice.amountCents, invoice.currency) },
        { label: 'Payment', value: `${invoice.paymentMethod}, ${paidLabel(invoice).toLowerCase()}` },
        ...(invoice.paymentReference ? [{ label: 'Reference', value: invoice.paymentReference }] : []),
      ],
      file: { name: invoiceFileName(invoice), mimeType: 'application/pdf', data: await renderInvoicePdf(invoice) },
    });
  },
});
