import pLimit from 'p-limit';
import { recordAudit } from '../audit/record-audit.ts';
import { nextDelayMs } from '../alerts/outbox.ts';
import { MINUTE } from '../clock.ts';
import type { Deps } from '../deps.ts';
import type { OutboxMessage } from '../generated/prisma/client.ts';
import type { Reply } from '../reply.ts';
import { DeliveryRefused } from '../ports/notifier.ts';

export interface DrainOptions {
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
 * Delivers due outbox rows, at least once. One statement claims them (status 'sending' plus a
 * lease, FOR UPDATE SKIP LOCKED), so several bot processes on one database never send a row at
 * once, and a process that dies mid-send leaves its rows to be retried when the lease ends.
 * The claim takes at most one row per recipient, and none for a recipient with a message in
 * flight or begun within `paceMs`: about one message per second per channel, across processes.
 * `sentAt` records when sending began, so a drain every `paceMs` keeps that pace exactly.
 */
export async function drainOutbox(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'notifier'>, options: DrainOptions = {}): Promise<DrainReport> {
  const { batchSize = 50, maxAttempts = 8, leaseMs = MINUTE, paceMs = 1000, concurrency = 8 } = options;
  const now = deps.clock.now();
  const claimed = await deps.db.$queryRaw<OutboxMessage[]>`
    WITH due AS (
      SELECT DISTINCT ON (o.platform, o.recipient) o.id, o."nextAttemptAt"
      FROM "OutboxMessage" o
      WHERE o.status IN ('pending', 'sending') AND o."nextAttemptAt" <= ${now}
        AND NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" b
          WHERE b.platform = o.platform AND b.recipient = o.recipient AND b.id <> o.id
            AND ((b.status = 'sending' AND b."nextAttemptAt" > ${now}) OR (b.status = 'sent' AND b."sentAt" > ${new Date(now.getTime() - paceMs)})))
      ORDER BY o.platform, o.recipient, o."nextAttemptAt", o.id)
    UPDATE "OutboxMessage" SET status = 'sending', "nextAttemptAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE id IN (
      SELECT id FROM "OutboxMessage"
      WHERE id IN (SELECT id FROM due ORDER BY "nextAttemptAt" LIMIT ${batchSize})
        AND status IN ('pending', 'sending') AND "nextAttemptAt" <= ${now}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  const report: DrainReport = { sent: 0, retried: 0, dead: 0 };
  const limit = pLimit(concurrency);
  await Promise.all(claimed.map((row) => limit(async () => report[await deliverRow(deps, row, now, maxAttempts)]++)));
  return report;
}

/** Sends one claimed row and records the outcome: sent, retried later, or dead. */
async function deliverRow(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'notifier'>, row: OutboxMessage, claimedAt: Date, maxAttempts: number): Promise<keyof DrainReport> {
  const message = row.payload as unknown as Reply;
  try {
    if (row.toChannel) await deps.notifier.sendToChannel(row.platform, row.recipient, message);
    else await deps.notifier.sendDirect({ platform: row.platform, workspaceId: '', platformUserId: row.recipient }, message);
    await deps.db.outboxMessage.update({ where: { id: row.id }, data: { status: 'sent', sentAt: claimedAt, attempts: { increment: 1 } } });
    return 'sent';
  } catch (error) {
    const attempts = row.attempts + 1;
    const reason = (error as Error).message.slice(0, 500);
    if (attempts >= maxAttempts || error instanceof DeliveryRefused) {
      await deps.db.outboxMessage.update({ where: { id: row.id }, data: { status: 'dead', attempts, lastError: reason } });
      await recordAudit(deps.db, { teamId: row.teamId, actorId: null, action: 'alert.undeliverable', target: `${row.platform} ${row.toChannel ? '#' : '@'}${row.recipient}`, details: { attempts, error: reason }, at: deps.clock.now() });
      deps.log.warn('alert dead-lettered', { id: row.id, platform: row.platform, attempts });
      return 'dead';
    }
    await deps.db.outboxMessage.update({ where: { id: row.id }, data: { status: 'pending', attempts, lastError: reason, nextAttemptAt: new Date(deps.clock.now().getTime() + nextDelayMs(attempts, error)) } });
    return 'retried';
  }
}
