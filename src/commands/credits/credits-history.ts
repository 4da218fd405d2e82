import { ledgerHistory } from '../../credits/balance.ts';
import { formatTime, plural } from '../../format.ts';
import { formatCents, formatSignedCents } from '../../money.ts';
import { listReply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

const KIND_LABEL = {
  top_up: 'Top-up',
  charge: 'Charge',
  refund: 'Refund',
  promotion: 'Promotion',
  adjustment: 'Adjustment',
} as const;

/** What the entry was for, in words: a top-up names its invoice, not the payment's internal reference. */
function purpose(entry: { kind: keyof typeof KIND_LABEL; reason: string; invoice: { number: string } | null }): string {
  if (entry.kind === 'top_up') return entry.invoice ? `invoice ${entry.invoice.number}` : '';
  return entry.reason;
}

export default teamCommand({
  path: 'credits history',
  summary: 'Ledger entries, newest first',
  options: [opt.integer('limit', 'How many entries (default 20, at most 100)', { required: false, min: 1, max: 100 })],
  permission: 'billing.view',
  readsDeletedTeams: true,
  async run({ deps, team, access, options }) {
    const entries = await ledgerHistory(deps, access, options.limit ?? 20);
    return listReply(
      'Credit history',
      entries,
      {
        none: 'No ledger entries yet.',
        some: (n) => md`Latest ${plural(n, 'ledger entry', 'ledger entries')} of *${team.name}*.`,
      },
      (e) => {
        const amount = formatSignedCents(e.amountCents);
        const why = purpose(e) ? md`, ${purpose(e)}` : '';
        const after = formatCents(e.balanceAfterCents);
        return {
          text: md`${formatTime(e.createdAt)}: ${KIND_LABEL[e.kind]} *${amount}*${why}; balance after ${after}`,
        };
      },
    );
  },
});
