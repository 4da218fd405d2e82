import { queueRetry } from './alerts/outbox.ts';
import type { Deps } from './deps.ts';
import { DeliveryRefused, type IdentityRef } from './ports/notifier.ts';
import type { Reply } from './reply.ts';

type NotifyDeps = Pick<Deps, 'db' | 'notifier' | 'log' | 'clock'>;

/**
 * DMs one user on every platform where they have an identity, at once. A failure is never
 * thrown: one the platform may get over (a rate limit, an outage) goes to the outbox, keyed by
 * `retry.key`, to be tried again; a refusal for good (DMs blocked) is only logged.
 */
export async function notifyUser(
  deps: NotifyDeps,
  userId: string,
  message: Reply,
  retry: { teamId: string; key: string },
): Promise<void> {
  const identities = await deps.db.identity.findMany({ where: { userId } });
  await notifyIdentities(deps, identities, message, retry);
}

/**
 * DMs each identity as notifyUser does, for people who need not be Tally users yet (the
 * operators, known by TALLY_OPERATORS alone).
 */
export async function notifyIdentities(
  deps: NotifyDeps,
  identities: readonly IdentityRef[],
  message: Reply,
  retry: { teamId: string; key: string },
): Promise<void> {
  for (const identity of identities) {
    const to = {
      platform: identity.platform,
      workspaceId: identity.workspaceId,
      platformUserId: identity.platformUserId,
    };
    try {
      await deps.notifier.sendDirect(to, message);
    } catch (error) {
      const retried = !(error instanceof DeliveryRefused);
      deps.log.warn(retried ? 'direct message deferred to the outbox' : 'direct message refused', {
        recipient: identity.platformUserId,
        platform: identity.platform,
        error: (error as Error).message,
      });
      if (retried) {
        await queueRetry(deps.db, { ...retry, to, message, error, at: deps.clock.now() }).catch((queueError: Error) =>
          deps.log.error('direct message could not be queued for a retry', {
            recipient: identity.platformUserId,
            platform: identity.platform,
            error: queueError.message,
          }),
        );
      }
    }
  }
}
