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
}

export interface DrainReport {
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Delivers due outbox rows, at least once. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * lease in one statement, so several bot processes on one PostgreSQL never send the same row at
 * once; a process that dies mid-send leaves its rows to be retried after the lease.
 */
export async function drainOutbox(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'notifier'>, options: DrainOptions = {}): Promise<DrainReport> {
  const { batchSize = 50, maxAttempts = 8, leaseMs = MINUTE } = options;
  const now = deps.clock.now();
  const claimed = await deps.db.$queryRaw<OutboxMessage[]>`
    UPDATE "OutboxMessage" SET "nextAttemptAt" = ${new Date(now.getTime() + leaseMs)}
    WHERE id IN (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'pending' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  const report: DrainReport = { sent: 0, retried: 0, dead: 0 };
  for (const row of claimed) {
    const message = row.payload as unknown as Reply;
    try {
      if (row.toChannel) await deps.notifier.sendToChannel(row.platform, row.recipient, message);
      else await deps.notifier.sendDirect({ platform: row.platform, workspaceId: '', platformUserId: row.recipient }, message);
      await deps.db.outboxMessage.update({ where: { id: row.id }, data: { status: 'sent', sentAt: deps.clock.now(), attempts: { increment: 1 } } });
      report.sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const reason = (error as Error).message.slice(0, 500);
      if (attempts >= maxAttempts || error instanceof DeliveryRefused) {
        await deps.db.outboxMessage.update({ where: { id: row.id }, data: { status: 'dead', attempts, lastError: reason } });
        await recordAudit(deps.db, { teamId: row.teamId, actorId: null, action: 'alert.undeliverable', target: `${row.platform} ${row.toChannel ? '#' : '@'}${row.recipient}`, details: { attempts, error: reason }, at: deps.clock.now() });
        deps.log.warn('alert dead-lettered', { id: row.id, platform: row.platform, attempts });
        report.dead++;
      } else {
        await deps.db.outboxMessage.update({ where: { id: row.id }, data: { attempts, lastError: reason, nextAttemptAt: new Date(deps.clock.now().getTime() + nextDelayMs(attempts, error)) } });
        report.retried++;
      }
    }
  }
  return report;
}
