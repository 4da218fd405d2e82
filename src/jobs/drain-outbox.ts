import { nextDelayMs } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { MINUTE } from '../clock.ts';
import type { Deps } from '../deps.ts';
import type { OutboxMessage, Prisma } from '../generated/prisma/client.ts';
import { DeliveryRefused } from '../ports/notifier.ts';
import type { Reply } from '../reply.ts';
import { eachAtOnce } from './each-at-once.ts';

export interface DrainOptions {
  /** Rows claimed by one drain (default four rounds of `concurrency`). */
  batchSize?: number;
  maxAttempts?: number;
  /** How long a claimed row stays hidden from other workers while it is being sent. */
  leaseMs?: number;
  /** At most one message per recipient (a channel, a person's DM) in this long. */
  paceMs?: number;
  /** Messages to different recipients sent at once. */
  concurrency?: number;
}

export interface DrainReport {
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Whether a dead letter is the team's to see in its user log: its channel, or a member's DM. A DM
 * to someone outside the team (an operator's request to approve) is only logged, never shown there.
 */
async function inTeam(
  db: Deps['db'],
  row: { teamId: string | null; toChannel: boolean; platform: string; workspaceId: string; recipient: string },
): Promise<boolean> {
  if (row.teamId === null) return false;
  if (row.toChannel) return true;
  const identity = { platform: row.platform, workspaceId: row.workspaceId, platformUserId: row.recipient };
  const member = await db.membership.findFirst({
    where: { teamId: row.teamId, user: { identities: { some: identity } } },
    select: { userId: true },
  });
  return member !== null;
}

/**
 * Delivers due outbox rows, at least once. One statement claims them (status 'sending' plus a
 * lease, FOR UPDATE SKIP LOCKED), so several bot processes on one database never send a row at
 * once, and a process that dies mid-send leaves its rows to be retried when the lease ends.
 * Each recipient (a channel, a person's DM) gets its messages in the order they were queued:
 * only its oldest unfinished row may be claimed, when due and when nothing was sent to it within
 * `paceMs` (about one message a second per channel, across processes; `sentAt` is when sending
 * began, so a drain every `paceMs` keeps that pace). A drain claims no more than it can send
 * inside the lease: four rounds of `concurrency` sends, each bounded by the clients' 10 s timeout
 * (a Discord DM may take two calls), within two minutes.
 */
export async function drainOutbox(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'notifier'>,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const {
    concurrency = 8,
    batchSize = 4 * concurrency,
    maxAttempts = 8,
    leaseMs = 2 * MINUTE,
    paceMs = 1000,
  } = options;
  const now = deps.clock.now();
  const leaseEnd = new Date(now.getTime() + leaseMs);
  const claimed = await deps.db.$queryRaw<OutboxMessage[]>`
    WITH heads AS (
      SELECT DISTINCT ON (o.platform, o."workspaceId", o.recipient)
        o.id, o.platform, o."workspaceId", o.recipient, o."nextAttemptAt", o."createdAt"
      FROM "OutboxMessage" o
      WHERE o.status IN ('pending', 'sending')
      ORDER BY o.platform, o."workspaceId", o.recipient, o."createdAt", o.id),
    due AS (
      SELECT h.id, h."createdAt" FROM heads h
      WHERE h."nextAttemptAt" <= ${now}
        AND NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" b
          WHERE b.platform = h.platform AND b."workspaceId" = h."workspaceId" AND b.recipient = h.recipient
            AND b.status = 'sent' AND b."sentAt" > ${new Date(now.getTime() - paceMs)}))
    UPDATE "OutboxMessage" SET status = 'sending', "nextAttemptAt" = ${leaseEnd}
    WHERE id IN (
      SELECT id FROM "OutboxMessage"
      WHERE id IN (SELECT id FROM due ORDER BY "createdAt", id LIMIT ${batchSize})
        AND status IN ('pending', 'sending') AND "nextAttemptAt" <= ${now}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  const report: DrainReport = { sent: 0, retried: 0, dead: 0 };
  await eachAtOnce(
    claimed,
    { concurrency },
    async (row) => {
      const outcome = await deliverRow(deps, row, now, leaseEnd, maxAttempts);
      if (outcome) report[outcome]++;
    },
    (row, error) => deps.log.error('recording an outbox delivery failed', { id: row.id, error: error.message }),
  );
  return report;
}

/**
 * Sends one claimed row through the notifier of its platform and records the outcome: sent,
 * retried later, or dead (refused for good, which includes a platform with no adapter in this
 * deployment). Each record is conditional on still holding the lease; undefined when another
 * worker took the row over.
 */
async function deliverRow(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'notifier'>,
  row: OutboxMessage,
  claimedAt: Date,
  leaseEnd: Date,
  maxAttempts: number,
): Promise<keyof DrainReport | undefined> {
  const held = { id: row.id, status: 'sending', nextAttemptAt: leaseEnd };
  const record = async (data: Prisma.OutboxMessageUpdateManyMutationInput) => {
    const { count } = await deps.db.outboxMessage.updateMany({ where: held, data });
    if (count === 0) deps.log.warn('outbox lease lost before the outcome was recorded', { id: row.id });
    return count === 1;
  };
  const message = row.payload as unknown as Reply;
  try {
    const where = { platform: row.platform, workspaceId: row.workspaceId };
    if (row.toChannel) await deps.notifier.sendToChannel({ ...where, channelId: row.recipient }, message);
    else await deps.notifier.sendDirect({ ...where, platformUserId: row.recipient }, message);
  } catch (error) {
    const attempts = row.attempts + 1;
    const reason = (error as Error).message.slice(0, 500);
    if (attempts >= maxAttempts || error instanceof DeliveryRefused) {
      if (!(await record({ status: 'dead', attempts, lastError: reason }))) return undefined;
      if (row.teamId !== null && (await inTeam(deps.db, row)))
        await recordAudit(deps.db, {
          teamId: row.teamId,
          actorId: null,
          action: 'alert.undeliverable',
          target: `${row.platform} ${row.toChannel ? '#' : '@'}${row.recipient}`,
          details: { attempts, error: reason },
          at: deps.clock.now(),
        });
      deps.log.warn('alert dead-lettered', { id: row.id, platform: row.platform, attempts, reason });
      return 'dead';
    }
    return (await record({
      status: 'pending',
      attempts,
      lastError: reason,
      nextAttemptAt: new Date(deps.clock.now().getTime() + nextDelayMs(attempts, error)),
    }))
      ? 'retried'
      : undefined;
  }
  // Outside the try: a failure to record a delivery must not be taken for a failed delivery.
  return (await record({ status: 'sent', sentAt: claimedAt, attempts: { increment: 1 } })) ? 'sent' : undefined;
}

/**
 * When the outbox next has something to send: the earliest moment a recipient's oldest unfinished
 * row is due (its retry time, or the end of a lease) and its pace allows, as drainOutbox judges.
 * Undefined when nothing is waiting.
 */
export async function nextOutboxDue(deps: Pick<Deps, 'db'>, paceMs = 1000): Promise<Date | undefined> {
  const [row] = await deps.db.$queryRaw<{ at: Date | null }[]>`
    WITH heads AS (
      SELECT DISTINCT ON (o.platform, o."workspaceId", o.recipient)
        o.platform, o."workspaceId", o.recipient, o."nextAttemptAt"
      FROM "OutboxMessage" o
      WHERE o.status IN ('pending', 'sending')
      ORDER BY o.platform, o."workspaceId", o.recipient, o."createdAt", o.id)
    SELECT min(GREATEST(h."nextAttemptAt", (
      SELECT max(b."sentAt") FROM "OutboxMessage" b
      WHERE b.platform = h.platform AND b."workspaceId" = h."workspaceId" AND b.recipient = h.recipient
        AND b.status = 'sent') + ${`${paceMs} milliseconds`}::interval)) AS at
    FROM heads h`;
  return row?.at ?? undefined;
}
