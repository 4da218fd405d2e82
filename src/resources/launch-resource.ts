import { announceCheckoutFailure } from '../alerts/checkout-failure.ts';
import { InsufficientCredits } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { checkout } from './checkout.ts';
import type { LaunchRequest } from './pricing.ts';

/**
 * A launch from chat or the REST API: checkout, and when the team cannot pay, its billing roles
 * are told (SPEC §4.4) before InsufficientCredits reaches the caller, who answers in their own form.
 */
export async function launchResource(
  deps: Deps,
  actor: { userId: string; displayName: string },
  ctx: TeamContext<'resources.launch'>,
  request: LaunchRequest,
  idempotencyKey: string,
) {
  try {
    return await checkout(deps, actor, ctx, request, idempotencyKey);
  } catch (error) {
    if (error instanceof InsufficientCredits)
      await announceCheckoutFailure(deps, {
        teamId: ctx.team.id,
        teamName: ctx.team.name,
        actorId: actor.userId,
        who: actor.displayName,
        what: `${request.kind} ‘${request.name}’`,
        neededCents: error.neededCents,
        balanceCents: error.balanceCents,
      });
    throw error;
  }
}
