import type { ChannelRef } from '../ports/notifier.ts';

/** How a team row keeps its alert channel: the id on its platform, with the platform and workspace. */
export interface StoredAlertChannel {
  alertChannel: string | null;
  alertChannelPlatform: string | null;
  alertChannelWorkspace: string | null;
}

/** The team's alert channel, or null when it has none. */
export function alertChannelOf(team: StoredAlertChannel): ChannelRef | null {
  if (!team.alertChannel || !team.alertChannelPlatform) return null;
  return {
    platform: team.alertChannelPlatform,
    workspaceId: team.alertChannelWorkspace ?? '',
    channelId: team.alertChannel,
  };
}

/** The team columns for a channel; null clears all three. */
export function alertChannelColumns(channel: ChannelRef | null): StoredAlertChannel {
  return {
    alertChannel: channel?.channelId ?? null,
    alertChannelPlatform: channel?.platform ?? null,
    alertChannelWorkspace: channel?.workspaceId ?? null,
  };
}
