import { ledgerHistory } from '../../credits/balance.ts';
import { formatTime, plural } from '../../format.ts';
import { formatCents, formatSignedCents } from '../../money.ts';
import { listReply } from '../../reply.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { md } from '../../rich-text.ts';

const KIND_LABEL = { top_up: 'top-up', charge: 'charge', refund: 'refund', promotion: 'promotion', adjustment: 'adjustment' } as const;

export default teamCommand<{ limit?: number }>({
  path: 'credits history',
  summary: 'Ledger entries, newest first',
  options: [opt.integer('limit', 'How many entries (default 20, at most 100)', { required: false, min: 1, max: 100 })],
  permission: 'billing.view',
  async run({ deps, team, options }) {
    const entries = await ledgerHistory(deps, team.team.id, options.limit ?? 20);
    return listReply('Credit history', entries, { none: 'No ledger entries yet.', some: (n) => md`Latest ${plural(n, 'ledger entry', 'ledger entries')} of *${team.team.name}*.` }, (e) => ({
      text: md`${formatTime(e.createdAt)}  ${KIND_LABEL[e.kind]}  *${formatSignedCents(e.amountCents)}*  → ${formatCents(e.balanceAfterCents)}${e.reason ? `  ${e.reason}` : ''}`,
    }));
  },
});
