import { formatDate } from '../format.ts';
import type { CreditNote, Invoice } from '../generated/prisma/client.ts';
import { formatMoney } from '../money.ts';
import { fileSlug, writeParties } from './invoice-pdf.ts';
import { PdfWriter } from './pdf-writer.ts';

export type CreditNoteWithInvoice = CreditNote & { invoice: Invoice };

export function creditNoteFileName(note: CreditNoteWithInvoice): string {
  return `tally-${fileSlug(note.invoice.teamName)}-credit-note-${note.number}.pdf`;
}

/** A credit note as a PDF: the invoice it corrects, its parties as on that invoice, the amount credited. */
export async function renderCreditNotePdf(note: CreditNoteWithInvoice): Promise<Uint8Array> {
  const { invoice } = note;
  const credited = formatMoney(-note.amountCents, note.currency);
  const writer = (
    await PdfWriter.open({ title: `Credit note ${note.number}, ${invoice.teamName}`, createdAt: note.createdAt })
  )
    .heading(`Credit note ${note.number}`, `Tally credits · issued ${formatDate(note.createdAt)}`)
    .details([
      ['Credit note number', note.number],
      ['Date of issue', formatDate(note.createdAt)],
      ['Corrects invoice', `${invoice.number} of ${formatDate(invoice.createdAt)}`],
      ['Reason', note.reason],
    ]);
  writeParties(writer, invoice)
    .section('Items')
    .table(
      [
        { header: 'Description', width: 380 },
        { header: 'Amount', width: 103, align: 'right' },
      ],
      [[`Refund against invoice ${invoice.number}`, credited]],
      { totalRow: ['Total credited', credited] },
    )
    .note(`The amount is refunded by the payment method of invoice ${invoice.number} (${invoice.paymentMethod}).`);
  if (invoice.sellerFooter) writer.note(invoice.sellerFooter);
  return writer.finish();
}
