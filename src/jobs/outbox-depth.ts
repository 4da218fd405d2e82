import type { PrismaClient } from '../db/prisma-client.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** The outbox's rows not delivered: waiting, claimed by a delivery in progress, and given up on (dead letters). */
const UNDELIVERED = ['pending', 'sending', 'dead'] as const;
export type OutboxDepth = Record<(typeof UNDELIVERED)[number], number>;

/** How many outbox rows are in each undelivered state: one query, served by the (status, nextAttemptAt) index. */
export async function outboxDepth(db: PrismaClient): Promise<OutboxDepth> {
  const rows = await db.$queryRaw<{ status: string; count: number }[]>`
    SELECT status, count(*)::int AS count FROM "OutboxMessage"
    WHERE status IN (${Prisma.join(UNDELIVERED)})
    GROUP BY status`;
  const depth = Object.fromEntries(UNDELIVERED.map((status) => [status, 0])) as OutboxDepth;
  for (const row of rows) depth[row.status as keyof OutboxDepth] = row.count;
  return depth;
}
