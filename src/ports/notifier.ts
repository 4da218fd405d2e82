import type { Reply } from '../reply.ts';

/** Where a platform knows a person. */
export interface IdentityRef {
  platform: string;
  workspaceId: string;
  platformUserId: string;
}

/**
 * Messages to one person (direct invitations, alerts) leave through this port; each adapter
 * delivers to the identities of its own platform and ignores the others.
 */
export interface Notifier {
  sendDirect(to: IdentityRef, message: Reply): Promise<void>;
  /** Posts in a channel (a team's alert channel) of the given platform; others ignore it. */
  sendToChannel(platform: string, channelId: string, message: Reply): Promise<void>;
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

/** Fans one message out to every adapter: each delivers only its own platform's identities. */
export function combineNotifiers(notifiers: Notifier[]): Notifier {
  return {
    async sendDirect(to, message) {
      await Promise.all(notifiers.map((notifier) => notifier.sendDirect(to, message)));
    },
    async sendToChannel(platform, channelId, message) {
      await Promise.all(notifiers.map((notifier) => notifier.sendToChannel(platform, channelId, message)));
    },
  };
}
