import type { LedgerEntry, Team } from '../../generated/prisma/client.ts';
import { formatCents, formatSignedCents } from '../../money.ts';
import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { opt } from '../options.ts';

/** What `/credits grant` and `/credits adjust` both take besides the amount: why, and which team (by id). */
export const operatorOptions = [
  opt.text('reason', 'Why, kept in the ledger', { max: 300, rest: true }),
  opt.text('team', "The team's id (see /team info); operators act on any team", { max: 64, namedOnly: true }),
] as const;

/** "Granted *25.00* credits to *Acme*" or "Adjusted *Acme* by *-12.50* credits", with the reason and balance. */
export function operatorEntryReply(team: Team, entry: LedgerEntry, replayed: boolean) {
  const named = md`*${team.name}* (\`${team.id}\`)`;
  const done =
    entry.kind === 'promotion'
      ? md`Granted *${formatCents(entry.amountCents)}* credits to ${named}`
      : md`Adjusted ${named} by *${formatSignedCents(entry.amountCents)}* credits`;
  const balance = md`Balance: *${formatCents(entry.balanceAfterCents)}*.`;
  return success(md`${replayed ? 'Already recorded: ' : ''}${done}: ${entry.reason}. ${balance}`);
}
