import type { Db } from '../db/prisma-client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { newUuidV7 } from '../ids.ts';

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

/**
 * The same line as one INSERT, for a common table expression of a larger statement (a write and
 * its audit line in one round trip). The id is made as the schema's `uuid(7)` default makes it.
 */
export function auditInsert(event: AuditEvent): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEntry" (id, "teamId", "actorId", action, target, details, "createdAt")
    VALUES (${newUuidV7()}, ${event.teamId}, ${event.actorId}, ${event.action}, ${event.target ?? ''},
      ${JSON.stringify(event.details ?? {})}::jsonb, ${event.at})`;
}
