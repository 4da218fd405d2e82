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
}

export const noNotifier: Notifier = { async sendDirect() {} };

/** Fans one message out to every adapter: each delivers only its own platform's identities. */
export function combineNotifiers(notifiers: Notifier[]): Notifier {
  return {
    async sendDirect(to, message) {
      await Promise.all(notifiers.map((notifier) => notifier.sendDirect(to, message)));
    },
  };
}
