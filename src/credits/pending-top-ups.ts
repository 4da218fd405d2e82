import type { Deps } from '../deps.ts';
import { requireOperator } from '../operators/operators.ts';
import type { Actor } from '../users/ensure-user.ts';

/** As many as one reply shows (Slack allows 50 blocks; each item takes two). */
export const PENDING_SHOWN = 25;

/**
 * The top-up requests still waiting for an operator, across all teams, oldest first (the longest
 * waiting first, and the first to expire). One past its time is left out: approve refuses it even
 * before the expiry job marks it.
 */
export async function listPendingTopUps(deps: Pick<Deps, 'db' | 'clock' | 'operators'>, operator: Actor) {
  requireOperator(deps, operator, 'see the top-up requests');
  const where = { status: 'pending', expiresAt: { gt: deps.clock.now() } } as const;
  const [requests, total] = await Promise.all([
    deps.db.topUpRequest.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: PENDING_SHOWN,
      include: { team: true, requester: true },
    }),
    deps.db.topUpRequest.count({ where }),
  ]);
  return { requests, total };
}
