import { DAY } from '../clock.ts';
import type { Deps } from '../deps.ts';

/** Slack and Discord redeliver within minutes; a week is far beyond any of their retries. */
const KEEP_DELIVERY_IDS_DAYS = 7;

/**
 * Deletes the ids of platform deliveries that can no longer be redelivered. Outbox rows are kept:
 * their unique keys are what stops a tier of the current crossing from being announced twice, and
 * they are the record of what was told to whom.
 */
export async function pruneRecords(deps: Pick<Deps, 'db' | 'clock'>, keepDays = KEEP_DELIVERY_IDS_DAYS): Promise<{ deliveries: number }> {
  const before = new Date(deps.clock.now().getTime() - keepDays * DAY);
  const { count } = await deps.db.delivery.deleteMany({ where: { createdAt: { lt: before } } });
  return { deliveries: count };
}
