import { consoleOperator } from '../adapters/console/settings.ts';
import { discordOperator } from '../adapters/discord/settings.ts';
import { slackOperator } from '../adapters/slack/settings.ts';
import type { IdentityRef } from '../src/ports/notifier.ts';

/** Each platform reads its own entries: the core only ever sees identities. */
const OPERATOR_ENTRY: Record<string, (entry: string) => IdentityRef | string> = {
  slack: slackOperator,
  discord: discordOperator,
  console: consoleOperator,
};

/**
 * TALLY_OPERATORS (`slack:T0123:U0456,discord:123456789,console:alice`) as identities, or the one
 * line saying what is wrong with it.
 */
export function readOperators(setting: string | undefined): IdentityRef[] | string {
  const identities: IdentityRef[] = [];
  for (const raw of (setting ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const colon = entry.indexOf(':');
    const platform = colon < 0 ? entry : entry.slice(0, colon);
    const read = OPERATOR_ENTRY[platform];
    if (!read || colon < 0)
      return (
        `TALLY_OPERATORS: "${entry}" names no platform; ` +
        'write slack:<team id>:<user id>, discord:<user id> or console:<name>'
      );
    const identity = read(entry.slice(colon + 1));
    if (typeof identity === 'string') return `TALLY_OPERATORS: "${entry}" is not right: ${identity}`;
    identities.push(identity);
  }
  return identities;
}
