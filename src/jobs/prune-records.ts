import { DAY } from '../clock.ts';
import type { Deps } from '../deps.ts';

/** How long bookkeeping rows are kept; far beyond any platform's redelivery or any pacing window. */
export const KEEP = { deliveriesDays: 7, sentDays: 30, deadDays: 90 };

export interface PruneReport {
  deliveries: number;
  sent: number;
  dead: number;
}

/**
 * Deletes bookkeeping that has done its job: the ids of platform deliveries (Slack and Discord
 * redeliver within minutes, never after days) and delivered alerts. Dead letters stay longer for
 * anyone investigating; the team log keeps its own note of them. Repeats are prevented by team
 * state (tier, crossing, runway mark), not by old outbox rows, so deleting those re-sends nothing.
 */
export async function pruneRecords(deps: Pick<Deps, 'db' | 'clock'>, keep = KEEP): Promise<PruneReport> {
  const now = deps.clock.now().getTime();
  const before = (days: number) => new Date(now - days * DAY);
  const deliveries = await deps.db.delivery.deleteMany({ where: { createdAt: { lt: before(keep.deliveriesDays) } } });
  const sent = await deps.db.outboxMessage.deleteMany({ where: { status: 'sent', sentAt: { lt: before(keep.sentDays) } } });
  const dead = await deps.db.outboxMessage.deleteMany({ where: { status: 'dead', createdAt: { lt: before(keep.deadDays) } } });
  return { deliveries: deliveries.count, sent: sent.count, dead: dead.count };
}
