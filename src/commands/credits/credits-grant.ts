import { postOperatorEntry } from '../../credits/operator-entries.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';
import { operatorEntryReply, operatorOptions } from './operator-options.ts';

export default userCommand({
  path: 'credits grant',
  summary: 'Give a team free credits, with a reason (operators)',
  example: '/credits grant 25 welcome offer team:TABC123',
  options: [opt.amount('amount', 'Credits to give, like 25'), ...operatorOptions],
  async run({ deps, actor, options, idempotencyKey }) {
    const { team, entry, replayed } = await postOperatorEntry(deps, actor, {
      kind: 'promotion',
      teamId: options.team,
      amountCents: options.amount,
      reason: options.reason,
      idempotencyKey,
    });
    return operatorEntryReply(team, entry, replayed);
  },
});
