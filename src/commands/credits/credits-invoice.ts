import { findInvoice } from '../../credits/balance.ts';
import {
  type CreditNoteWithInvoice,
  creditNoteFileName,
  renderCreditNotePdf,
} from '../../documents/credit-note-pdf.ts';
import { accountLabel, invoiceFileName, paidLabel, renderInvoicePdf } from '../../documents/invoice-pdf.ts';
import { TallyError } from '../../errors.ts';
import { formatDate } from '../../format.ts';
import type { Invoice } from '../../generated/prisma/client.ts';
import { parseDocumentNumber } from '../../invoices/numbering.ts';
import { findCreditNote } from '../../invoices/team-credit-notes.ts';
import { formatMoney } from '../../money.ts';
import { type Reply, reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

/** Who an invoice (or the invoice a credit note corrects) is to, as it was when issued. */
function billTo(invoice: Invoice) {
  return [
    { label: 'Bill to', value: invoice.companyName ?? invoice.teamName },
    { label: 'Account type', value: accountLabel(invoice.accountType, invoice.companyName) },
    { label: 'Billing address', value: invoice.billingAddress || 'not set' },
    ...(invoice.taxId ? [{ label: 'Tax id', value: invoice.taxId }] : []),
  ];
}

async function invoiceReply(invoice: Invoice): Promise<Reply> {
  return reply(md`Invoice ${invoice.number} of *${invoice.teamName}*, with its PDF.`, {
    title: `Invoice ${invoice.number}`,
    fields: [
      { label: 'Date', value: formatDate(invoice.createdAt) },
      ...billTo(invoice),
      { label: 'Amount', value: formatMoney(invoice.amountCents, invoice.currency) },
      { label: 'Payment', value: `${invoice.paymentMethod}, ${paidLabel(invoice).toLowerCase()}` },
      ...(invoice.paymentReference ? [{ label: 'Reference', value: invoice.paymentReference }] : []),
    ],
    file: { name: invoiceFileName(invoice), mimeType: 'application/pdf', data: await renderInvoicePdf(invoice) },
  });
}

async function creditNoteReply(note: CreditNoteWithInvoice): Promise<Reply> {
  const { invoice } = note;
  return reply(md`Credit note ${note.number} of *${invoice.teamName}*, with its PDF.`, {
    title: `Credit note ${note.number}`,
    fields: [
      { label: 'Date', value: formatDate(note.createdAt) },
      { label: 'Corrects invoice', value: `${invoice.number} of ${formatDate(invoice.createdAt)}` },
      ...billTo(invoice),
      { label: 'Amount', value: formatMoney(-note.amountCents, note.currency) },
      { label: 'Reason', value: note.reason },
    ],
    file: { name: creditNoteFileName(note), mimeType: 'application/pdf', data: await renderCreditNotePdf(note) },
  });
}

export default teamCommand({
  path: 'credits invoice',
  summary: 'One invoice or credit note, as a PDF file',
  options: [
    opt.text('number', 'Invoice number, like 2026-000123, or credit note number, like CN-2026-000001', {
      max: 20,
      label: 'invoice number',
    }),
  ],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access, options }) {
    if (parseDocumentNumber(options.number, 'credit_note')) {
      const note = await findCreditNote(deps, access, options.number);
      if (!note)
        throw new TallyError(
          'credit_note_not_found',
          md`*${team.name}* has no credit note ${options.number}: see \`/credits invoices\`.`,
        );
      return creditNoteReply(note);
    }
    const invoice = await findInvoice(deps, access, options.number);
    const numbers = 'Numbers look like 2026-000123 (credit notes CN-2026-000001)';
    if (!invoice)
      throw new TallyError(
        'invoice_not_found',
        md`*${team.name}* has no invoice ${options.number}. ${numbers}: see \`/credits invoices\`.`,
      );
    return invoiceReply(invoice);
  },
});
