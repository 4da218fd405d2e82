import { formatDate } from '../format.ts';
import type { Invoice } from '../generated/prisma/client.ts';
import { formatCents, formatMoney } from '../money.ts';
import { PdfWriter } from './pdf-writer.ts';

/** "Company (Acme GmbH)" or "Individual": how the invoice names the buyer's account. */
export function accountLabel(accountType: string, companyName: string | null): string {
  return accountType === 'company' ? `Company${companyName ? ` (${companyName})` : ''}` : 'Individual';
}

/** A-Z, digits and dashes from a team name, for file names people can type. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 40) || 'team'
  );
}

export function invoiceFileName(invoice: Pick<Invoice, 'teamName' | 'number'>): string {
  return `tally-${fileSlug(invoice.teamName)}-invoice-${invoice.number}.pdf`;
}

/** What an invoice without seller details (no TALLY_SELLER_* configured) says in the seller's block. */
export const SELLER_NOT_CONFIGURED = 'Seller details are not configured.';

/** "Paid on 2026-11-25": every invoice is for money that has arrived. */
export function paidLabel(invoice: Pick<Invoice, 'paidAt'>): string {
  return `Paid on ${formatDate(invoice.paidAt)}`;
}

type Parties = Pick<
  Invoice,
  | 'teamName'
  | 'accountType'
  | 'companyName'
  | 'billingAddress'
  | 'taxId'
  | 'sellerName'
  | 'sellerAddress'
  | 'sellerTaxId'
>;

/** The seller's and the buyer's blocks, as recorded on the invoice (credit notes repeat its parties). */
export function writeParties(writer: PdfWriter, invoice: Parties): PdfWriter {
  writer.section('Seller');
  if (invoice.sellerName)
    writer.details([
      ['Name', invoice.sellerName],
      ['Address', invoice.sellerAddress ?? ''],
      ['Tax id', invoice.sellerTaxId ?? ''],
    ]);
  else writer.details([['', SELLER_NOT_CONFIGURED]]);
  return writer.section('Bill to').details([
    ['Name', invoice.companyName ?? invoice.teamName],
    ['Team', invoice.teamName],
    ['Account type', accountLabel(invoice.accountType, invoice.companyName)],
    ['Address', invoice.billingAddress || 'not set (/team settings)'],
    ['Tax id', invoice.taxId || 'not set (/team settings)'],
  ]);
}

/**
 * The invoice of one top-up as a PDF, from the details recorded with it (not today's: an
 * invoice never changes after it is issued).
 */
export async function renderInvoicePdf(invoice: Invoice): Promise<Uint8Array> {
  const amount = formatMoney(invoice.amountCents, invoice.currency);
  const title = `Invoice ${invoice.number}, ${invoice.teamName}`;
  const writer = (await PdfWriter.open({ title, createdAt: invoice.createdAt }))
    .heading(`Invoice ${invoice.number}`, `Tally credits · issued ${formatDate(invoice.createdAt)}`)
    .details([
      ['Invoice number', invoice.number],
      ['Date of issue', formatDate(invoice.createdAt)],
      ['Status', paidLabel(invoice)],
    ]);
  writeParties(writer, invoice)
    .section('Payment')
    .details([
      ['Method', invoice.paymentMethod],
      ['Reference', invoice.paymentReference || '—'],
      ['Paid on', formatDate(invoice.paidAt)],
    ])
    .section('Items')
    .table(
      [
        { header: 'Description', width: 320 },
        { header: 'Quantity', width: 60, align: 'right' },
        { header: 'Amount', width: 103, align: 'right' },
      ],
      [[`Prepaid credits: ${formatCents(invoice.amountCents)} credits`, '1', amount]],
      { totalRow: ['Total', '', amount] },
    )
    .note(
      `Credits are prepaid and are drawn down by running resources at their hourly price. ` +
        `One credit is 1.00 ${invoice.currency}.`,
    );
  if (invoice.sellerFooter) writer.note(invoice.sellerFooter);
  return writer.finish();
}
