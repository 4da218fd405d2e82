import type { Reply } from '../reply.ts';

/** Where a platform knows a person. */
export interface IdentityRef {
  platform: string;
  workspaceId: string;
  platformUserId: string;
}

/** A channel as its platform names it: the adapter that parsed it says which platform and workspace. */
export interface ChannelRef {
  platform: string;
  workspaceId: string;
  channelId: string;
}

/**
 * Messages to one person (direct invitations, alerts) and to a team's alert channel leave through
 * this port. Each adapter's notifier delivers on its own platform; `notifiersByPlatform`
 * (platform-notifiers.ts) hands each message to the notifier of its recipient's platform.
 */
export interface Notifier {
  sendDirect(to: IdentityRef, message: Reply): Promise<void>;
  /** Posts in a channel (a team's alert channel). */
  sendToChannel(to: ChannelRef, message: Reply): Promise<void>;
}

/**
 * A delivery the platform refused for now. `retryAfterMs` carries the platform's own answer
 * (Slack's Retry-After, Discord's retry_after) so the outbox never retries sooner.
 */
export class DeliveryDeferred extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** A delivery that will never work (the person blocks DMs from the bot): no point retrying. */
export class DeliveryRefused extends Error {}

export const noNotifier: Notifier = { async sendDirect() {}, async sendToChannel() {} };
