import type { Tx } from '../db/prisma-client.ts';
import type { IdentityRef } from '../ports/notifier.ts';
import { permissionsOf } from '../roles/permissions.ts';
import { alertChannelOf, type StoredAlertChannel } from './alert-channel.ts';

/** One destination of an alert, qualified by its platform and workspace: a person's DM or a channel. */
export interface Recipient {
  platform: string;
  workspaceId: string;
  recipient: string;
  toChannel: boolean;
}

/** A person's DM on one platform, as a recipient. */
export function dmRecipient(identity: IdentityRef): Recipient {
  return {
    platform: identity.platform,
    workspaceId: identity.workspaceId,
    recipient: identity.platformUserId,
    toChannel: false,
  };
}

/** A team's alert channel, as a recipient; null when it has none. */
export function channelRecipient(team: StoredAlertChannel): Recipient | null {
  const channel = alertChannelOf(team);
  return channel
    ? { platform: channel.platform, workspaceId: channel.workspaceId, recipient: channel.channelId, toChannel: true }
    : null;
}

/**
 * SPEC §6: every member holding billing.manage, on each platform they use, plus the team's alert
 * channel, for many teams in two queries (jobs alert thousands at once); `exceptUserId` (who caused
 * the alert and was already answered) gets no DM about it.
 */
export async function alertRecipientsOf(
  tx: Tx,
  teamIds: string[],
  exceptUserId?: string,
): Promise<Map<string, Recipient[]>> {
  // One after the other: a transaction is one connection.
  const memberships = await tx.membership.findMany({
    where: { teamId: { in: teamIds } },
    include: { user: { include: { identities: true } }, role: true },
    orderBy: { joinedAt: 'asc' },
  });
  const teams = await tx.$queryRaw<(StoredAlertChannel & { id: string })[]>`
    SELECT id, "alertChannel", "alertChannelPlatform", "alertChannelWorkspace" FROM "Team"
    WHERE id = ANY(${teamIds}::text[])`;
  const byTeam = new Map<string, Recipient[]>(teamIds.map((id) => [id, []]));
  for (const m of memberships) {
    if (m.userId === exceptUserId || !permissionsOf(m.role).has('billing.manage')) continue;
    byTeam.get(m.teamId)?.push(...m.user.identities.map(dmRecipient));
  }
  for (const team of teams) {
    const channel = channelRecipient(team);
    if (channel) byTeam.get(team.id)?.push(channel);
  }
  return byTeam;
}
