import { postOperatorEntry } from '../../credits/operator-entries.ts';
import { parseAmount } from '../../money.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';
import { operatorEntryReply, operatorOptions } from './operator-options.ts';

export default userCommand({
  path: 'credits adjust',
  summary: "Correct a team's balance up or down, with a reason (operators)",
  example: '/credits adjust -12.50 double charge on 3 Dec team:TABC123',
  options: [
    opt.text('amount', 'Credits to add, or to take with a minus sign, like -12.50', {
      max: 20,
      pattern: /^[+-]?\s*\$?\d/,
      patternHint: 'must be an amount with an optional sign, like -12.50 or +5',
    }),
    ...operatorOptions,
  ],
  async run({ deps, actor, options, idempotencyKey }) {
    const sign = options.amount.trim().startsWith('-') ? -1 : 1;
    const cents = parseAmount(options.amount.trim().replace(/^[+-]\s*/, ''));
    const { team, entry, replayed } = await postOperatorEntry(deps, actor, {
      kind: 'adjustment',
      teamId: options.team,
      amountCents: sign * cents,
      reason: options.reason,
      idempotencyKey,
    });
    return operatorEntryReply(team, entry, replayed);
  },
});
