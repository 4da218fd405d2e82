import { formatDate } from '../format.ts';
import type { Invoice } from '../generated/prisma/client.ts';
import { formatCents } from '../money.ts';
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

/**
 * The invoice of one top-up as a PDF, from the billing details recorded with it (not today's:
 * an invoice never changes after it is issued).
 */
export async function renderInvoicePdf(invoice: Invoice): Promise<Uint8Array> {
  const amount = `${formatCents(invoice.amountCents)} credits`;
  const title = `Invoice ${invoice.number}, ${invoice.teamName}`;
  return (await PdfWriter.open({ title, createdAt: invoice.createdAt }))
    .heading(`Invoice #${invoice.number}`, `Tally credits · issued ${formatDate(invoice.createdAt)}`)
    .details([
      ['Invoice number', String(invoice.number)],
      ['Date', formatDate(invoice.createdAt)],
      ['Team', invoice.teamName],
      ['Account type', accountLabel(invoice.accountType, invoice.companyName)],
      ['Billing address', invoice.billingAddress || 'not set (/team settings)'],
      ['Payment', invoice.paymentMethod],
    ])
    .section('Items')
    .table(
      [
        { header: 'Description', width: 320 },
        { header: 'Quantity', width: 60, align: 'right' },
        { header: 'Amount', width: 103, align: 'right' },
      ],
      [['Prepaid credits top-up', '1', amount]],
      { totalRow: ['Total', '', amount] },
    )
    .note(
      'Credits are prepaid and are drawn down by running resources at their hourly price. ' +
        'Amounts are in credits with two decimals.',
    )
    .finish();
}
