import type { Db } from '../db/prisma-client.ts';

export interface AuditEvent {
  teamId: string;
  actorId: string | null;
  action: string;
  target?: string;
  details?: Record<string, string | number | boolean | null>;
  at: Date;
}

/** Every state change leaves one line in the team's user log, written in the change's transaction. */
export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await db.auditEntry.create({
    data: {
      teamId: event.teamId,
      actorId: event.actorId,
      action: event.action,
      target: event.target ?? '',
      details: event.details ?? {},
      createdAt: event.at,
    },
  });
}
