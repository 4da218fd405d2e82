import { pruneIdempotentRequests } from '../apikeys/idempotent-requests.ts';
import { DAY } from '../clock.ts';
import type { Deps } from '../deps.ts';

/** Slack and Discord send an event again within minutes, and answers expire within 30: a week is far beyond both. */
const KEEP_INBOUND_DAYS = 7;

/**
 * Deletes the claims on inbound events (InboundCommand) that can no longer be sent again nor
 * answered (finished or not: after a week nothing can be done with one). Outbox rows are kept:
 * their unique keys are what stops a tier of the current crossing from being announced twice,
 * and they are the record of what was told to whom. The REST API's kept answers go after a day.
 */
export async function pruneRecords(
  deps: Pick<Deps, 'db' | 'clock'>,
  keepDays = KEEP_INBOUND_DAYS,
): Promise<{ commands: number; idempotentRequests: number }> {
  const before = new Date(deps.clock.now().getTime() - keepDays * DAY);
  const { count: commands } = await deps.db.inboundCommand.deleteMany({ where: { receivedAt: { lt: before } } });
  return { commands, idempotentRequests: await pruneIdempotentRequests(deps) };
}
