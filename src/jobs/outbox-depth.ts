import type { PrismaClient } from '../db/prisma-client.ts';

/** The outbox's rows not delivered: waiting, claimed by a delivery in progress, and given up on (dead letters). */
export const UNDELIVERED = ['pending', 'sending', 'dead'] as const;
export type OutboxDepth = Record<(typeof UNDELIVERED)[number], number>;

/** How many outbox rows are in each undelivered state: one query, served by the (status, nextAttemptAt) index. */
export async function outboxDepth(db: PrismaClient): Promise<OutboxDepth> {
  const rows = await db.$queryRaw<{ status: string; count: number }[]>`
    SELECT status, count(*)::int AS count FROM "OutboxMessage"
    WHERE status IN ('pending', 'sending', 'dead')
    GROUP BY status`;
  const depth: OutboxDepth = { pending: 0, sending: 0, dead: 0 };
  for (const row of rows) if (Object.hasOwn(depth, row.status)) depth[row.status as keyof OutboxDepth] = row.count;
  return depth;
}
