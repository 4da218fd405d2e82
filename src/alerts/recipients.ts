import type { Tx } from '../db/prisma-client.ts';
import { holdersOf } from '../roles/holders.ts';
import { alertChannelOf } from './alert-channel.ts';

/** One destination of an alert, qualified by its platform and workspace: a person's DM or a channel. */
export interface Recipient {
  platform: string;
  workspaceId: string;
  recipient: string;
  toChannel: boolean;
}

/**
 * SPEC §6: every member holding billing.manage, on each platform they use, plus the team's alert
 * channel; `exceptUserId` (who caused the alert and was already answered) gets no DM about it.
 */
export async function alertRecipients(tx: Tx, teamId: string, exceptUserId?: string): Promise<Recipient[]> {
  const holders = (await holdersOf(tx, teamId, 'billing.manage')).filter((h) => h.userId !== exceptUserId);
  const people = holders.flatMap((h) =>
    h.identities.map((i) => ({
      platform: i.platform,
      workspaceId: i.workspaceId,
      recipient: i.platformUserId,
      toChannel: false,
    })),
  );
  const team = await tx.team.findUnique({
    where: { id: teamId },
    select: { alertChannel: true, alertChannelPlatform: true, alertChannelWorkspace: true },
  });
  const channel = team && alertChannelOf(team);
  if (!channel) return people;
  return [
    ...people,
    { platform: channel.platform, workspaceId: channel.workspaceId, recipient: channel.channelId, toChannel: true },
  ];
}
