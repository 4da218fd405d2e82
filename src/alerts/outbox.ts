import type { Tx } from '../db/prisma-client.ts';
import type { Reply } from '../reply.ts';
import { alertRecipients } from './recipients.ts';

/**
 * Queues an alert for every recipient in the caller's transaction, so the alert exists exactly
 * when the event that caused it does. The key (alert, platform, recipient) is unique: queuing the
 * same alert again adds nothing.
 */
export async function enqueueAlert(tx: Tx, input: { teamId: string; alertKey: string; message: Reply; at: Date }): Promise<number> {
  const team = await tx.team.findUniqueOrThrow({ where: { id: input.teamId } });
  const recipients = await alertRecipients(tx, input.teamId, team.alertChannel);
  if (recipients.length === 0) return 0;
  const { count } = await tx.outboxMessage.createMany({
    data: recipients.map((r) => ({
      key: `${input.alertKey}:${r.platform}:${r.toChannel ? '#' : '@'}${r.recipient}`,
      teamId: input.teamId,
      platform: r.platform,
      recipient: r.recipient,
      toChannel: r.toChannel,
      payload: JSON.parse(JSON.stringify(input.message)),
      nextAttemptAt: input.at,
      createdAt: input.at,
    })),
    skipDuplicates: true,
  });
  return count;
}
