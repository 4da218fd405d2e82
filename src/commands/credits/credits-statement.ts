import { monthlyStatement, parseMonth } from '../../credits/statement.ts';
import { renderStatementPdf, statementFileName } from '../../documents/statement-pdf.ts';
import { formatCents, formatSignedCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

const optionalTotal = (label: string, cents: number) =>
  cents === 0 ? [] : [{ label, value: formatSignedCents(cents) }];

export default teamCommand({
  path: 'credits statement',
  summary: "A month's charges by resource, as a PDF file",
  options: [
    opt.text('month', 'Month: 2026-11, "November 2026" or "last" (default: this month)', {
      required: false,
      max: 40,
      autocomplete: 'month',
      // `/credits statement November 2026` as the help writes it, without quotes.
      rest: true,
    }),
  ],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access, options }) {
    const now = deps.clock.now();
    const month = parseMonth(options.month, now);
    const statement = await monthlyStatement(deps, access, month);
    const spent = statement.resources.reduce((total, line) => total + line.chargedCents - line.refundedCents, 0);
    return reply(md`Statement of *${team.name}* for ${month.label}, with its PDF.`, {
      title: `Statement, ${month.label}`,
      fields: [
        { label: 'Opening balance', value: formatCents(statement.openingCents) },
        { label: 'Top-ups', value: formatSignedCents(statement.totals.top_up) },
        // Shown when there were any, so the lines add up to the closing balance.
        ...optionalTotal('Promotions', statement.totals.promotion),
        ...optionalTotal('Adjustments', statement.totals.adjustment),
        { label: 'Spent on resources', value: formatCents(spent) },
        { label: 'Closing balance', value: formatCents(statement.closingCents) },
        { label: 'Resources charged', value: String(statement.resources.length) },
      ],
      file: {
        name: statementFileName(statement),
        mimeType: 'application/pdf',
        data: await renderStatementPdf(statement, now),
      },
    });
  },
});
