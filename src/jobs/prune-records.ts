import { DAY } from '../clock.ts';
import type { Deps } from '../deps.ts';

/** Slack and Discord redeliver within minutes, and answers expire within 30: a week is far beyond both. */
const KEEP_DELIVERY_IDS_DAYS = 7;

/**
 * Deletes the records of platform deliveries that can no longer be redelivered nor answered
 * (finished or not: after a week nothing can be done with one). Outbox rows are kept: their
 * unique keys are what stops a tier of the current crossing from being announced twice, and
 * they are the record of what was told to whom.
 */
export async function pruneRecords(
  deps: Pick<Deps, 'db' | 'clock'>,
  keepDays = KEEP_DELIVERY_IDS_DAYS,
): Promise<{ deliveries: number; commands: number }> {
  const before = new Date(deps.clock.now().getTime() - keepDays * DAY);
  const { count: commands } = await deps.db.inboundCommand.deleteMany({ where: { receivedAt: { lt: before } } });
  // Written by the previous release only (see schema.prisma).
  const { count: deliveries } = await deps.db.delivery.deleteMany({ where: { createdAt: { lt: before } } });
  return { deliveries, commands };
}
