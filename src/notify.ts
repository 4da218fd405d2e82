import { queueRetry } from './alerts/outbox.ts';
import type { Deps } from './deps.ts';
import { DeliveryRefused } from './ports/notifier.ts';
import type { Reply } from './reply.ts';

/**
 * DMs one user on every platform where they have an identity, at once. A failure is never
 * thrown: one the platform may get over (a rate limit, an outage) goes to the outbox, keyed by
 * `retry.key`, to be tried again; a refusal for good (DMs blocked) is only logged.
 */
export async function notifyUser(
  deps: Pick<Deps, 'db' | 'notifier' | 'log' | 'clock'>,
  userId: string,
  message: Reply,
  retry: { teamId: string; key: string },
): Promise<void> {
  const identities = await deps.db.identity.findMany({ where: { userId } });
  for (const identity of identities) {
    try {
      await deps.notifier.sendDirect(identity, message);
    } catch (error) {
      const retried = !(error instanceof DeliveryRefused);
      deps.log.warn(retried ? 'direct message deferred to the outbox' : 'direct message refused', {
        userId,
        platform: identity.platform,
        error: (error as Error).message,
      });
      if (retried) {
        await queueRetry(deps.db, { ...retry, to: identity, message, error, at: deps.clock.now() }).catch(
          (queueError: Error) =>
            deps.log.error('direct message could not be queued for a retry', {
              userId,
              platform: identity.platform,
              error: queueError.message,
            }),
        );
      }
    }
  }
}
