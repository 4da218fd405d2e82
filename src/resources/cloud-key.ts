import { HOUR } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { tellOperators } from '../operators/tell-operators.ts';
import type { ProviderKeyRejected } from '../ports/compute.ts';
import { reply } from '../reply.ts';
import { md, type Rich } from '../rich-text.ts';

const REFUSED_UNTIL_FIXED = md`Launches are refused until the key is fixed.`;

/**
 * The cloud rejected Tally's API key: the operators hear of it once an hour, however many launches
 * and catalog reads it refuses, and the person is refused politely (`what` nothing was charged for).
 */
export async function cloudKeyRejected(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'operators' | 'compute'>,
  error: ProviderKeyRejected,
  what?: Rich,
): Promise<TallyError> {
  deps.log.error('the cloud rejected its API key: launches are refused', { provider: deps.compute.name });
  const at = deps.clock.now();
  await tellOperators(deps, {
    key: `provider-key-rejected:${Math.floor(at.getTime() / HOUR)}`,
    teamId: null,
    message: reply(
      md`The cloud (${deps.compute.name}) rejected Tally's API key: "${error.message}". ${REFUSED_UNTIL_FIXED}`,
      { tone: 'error', title: 'Cloud API key rejected' },
    ),
    at,
  });
  const charged = what ? md` The first hour of ${what} was refunded.` : '';
  // With nobody listed (TALLY_OPERATORS unset) nobody was told: the person is asked to pass it on.
  const told = deps.operators.identities.length
    ? md`The operators have been told.`
    : md`Please tell whoever runs this Tally.`;
  return new TallyError(
    'provider_unavailable',
    md`Launches are unavailable: the cloud refused Tally's credentials. ${told}${charged}`,
  );
}
