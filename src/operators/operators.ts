import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import type { IdentityRef } from '../ports/notifier.ts';
import type { Actor } from '../users/ensure-user.ts';

/**
 * The people who run this Tally (TALLY_OPERATORS): they post manual top-ups, approve or decline
 * the billing roles' requests, grant promotions and post adjustments. The composition root builds
 * this from each adapter's reading of its own entries; the core knows no platform's syntax.
 */
export interface Operators {
  /** Whether the person behind this identity is an operator. */
  includes(identity: IdentityRef): boolean;
  /** Whom a top-up request is sent to by DM (empty when nobody is listed by name). */
  readonly identities: readonly IdentityRef[];
}

const sameIdentity = (a: IdentityRef, b: IdentityRef) =>
  a.platform === b.platform && a.workspaceId === b.workspaceId && a.platformUserId === b.platformUserId;

/** Exactly the identities listed. */
export function operatorList(identities: readonly IdentityRef[]): Operators {
  return { identities, includes: (identity) => identities.some((listed) => sameIdentity(listed, identity)) };
}

/**
 * Everyone on one platform: the console with no operators listed, where the person at the terminal
 * runs this Tally.
 */
export function everyoneOn(platform: string): Operators {
  return { identities: [], includes: (identity) => identity.platform === platform };
}

/** Everybody, on every platform: for benchmarks and tests whose subject is not who runs Tally. */
export const everybody: Operators = { identities: [], includes: () => true };

/** Refuses, naming what was asked, anyone who does not run this Tally. */
export function requireOperator(deps: Pick<Deps, 'operators'>, actor: Pick<Actor, 'identity'>, what: string): void {
  if (!deps.operators.includes(actor.identity))
    throw new TallyError('not_operator', `Only the people who run this Tally (its operators) can ${what}.`);
}
