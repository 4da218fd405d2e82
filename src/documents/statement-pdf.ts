import type { Statement } from '../credits/statement.ts';
import { formatDate } from '../format.ts';
import { formatCents, formatMoney, formatSignedCents } from '../money.ts';
import { accountLabel, fileSlug } from './invoice-pdf.ts';
import { PdfWriter } from './pdf-writer.ts';

export function statementFileName(statement: Statement): string {
  return `tally-${fileSlug(statement.team.name)}-statement-${statement.month.key}.pdf`;
}

/** One month of a team's credits as a PDF: the balance's movement, then charges by resource. */
export async function renderStatementPdf(statement: Statement, generatedAt: Date): Promise<Uint8Array> {
  const { month, team, totals, currency } = statement;
  const money = (cents: number) => formatMoney(cents, currency);
  const signed = (cents: number) => `${formatSignedCents(cents)} ${currency}`;
  const lastDay = new Date(month.to.getTime() - 1);
  const writer = (await PdfWriter.open({ title: `Statement ${month.key}, ${team.name}`, createdAt: generatedAt }))
    .heading(
      `Statement, ${month.label}`,
      `Tally credits · ${formatDate(month.from)} to ${formatDate(lastDay)} (UTC) · ` +
        `generated ${formatDate(generatedAt)}`,
    )
    .details([
      ['Team', team.name],
      ['Account type', accountLabel(team.accountType, team.companyName)],
      ['Billing address', team.billingAddress || 'not set (/team settings)'],
      ...(team.taxId ? [['Tax id', team.taxId] as [string, string]] : []),
    ])
    .section('Summary')
    .details([
      ['Opening balance', money(statement.openingCents)],
      ['Top-ups', signed(totals.top_up)],
      ['Promotions', signed(totals.promotion)],
      ['Charges', signed(totals.charge)],
      ['Refunds', signed(totals.refund)],
      ['Adjustments', signed(totals.adjustment)],
      ['Closing balance', money(statement.closingCents)],
    ])
    .section(`Charges by resource (${currency})`);
  const resources = statement.resources;
  if (resources.length === 0) writer.details([['', 'No resources were charged this month.']]);
  else {
    const sum = (pick: (line: (typeof resources)[number]) => number) =>
      resources.reduce((total, line) => total + pick(line), 0);
    writer.table(
      [
        { header: 'Resource', width: 130 },
        { header: 'Type', width: 120 },
        { header: 'Hours', width: 45, align: 'right' },
        { header: 'Charged', width: 63, align: 'right' },
        { header: 'Refunded', width: 63, align: 'right' },
        { header: 'Net', width: 62, align: 'right' },
      ],
      resources.map((line) => [
        line.name,
        [line.kind, line.spec].filter(Boolean).join(' '),
        String(line.hours),
        formatCents(line.chargedCents),
        formatCents(line.refundedCents),
        formatCents(line.chargedCents - line.refundedCents),
      ]),
      {
        totalRow: [
          'Total',
          '',
          String(sum((l) => l.hours)),
          formatCents(sum((l) => l.chargedCents)),
          formatCents(sum((l) => l.refundedCents)),
          formatCents(sum((l) => l.chargedCents - l.refundedCents)),
        ],
      },
    );
  }
  if (statement.topUps.length) {
    writer.section('Top-ups').table(
      [
        { header: 'Date', width: 130 },
        { header: 'Invoice', width: 250 },
        { header: `Amount (${currency})`, width: 103, align: 'right' },
      ],
      statement.topUps.map((t) => [formatDate(t.at), t.invoiceNumber ?? '', formatCents(t.amountCents)]),
    );
  }
  if (statement.other.length) {
    writer.section('Promotions and adjustments').table(
      [
        { header: 'Date', width: 130 },
        { header: 'Reason', width: 250 },
        { header: `Amount (${currency})`, width: 103, align: 'right' },
      ],
      statement.other.map((o) => [formatDate(o.at), o.reason || o.kind, formatSignedCents(o.amountCents)]),
    );
  }
  return writer
    .note(
      `Amounts are in ${currency}; one credit is 1.00 ${currency}. Each charge buys one hour of a resource; ` +
        'a stop refunds the unused part of its last hour.',
    )
    .finish();
}
