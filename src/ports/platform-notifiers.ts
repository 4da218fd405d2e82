import { DeliveryRefused, type Notifier } from './notifier.ts';

/** No adapter of the recipient's platform runs in this deployment: nothing could deliver it. */
export class NoAdapterForPlatform extends DeliveryRefused {
  constructor(readonly platform: string) {
    super(`no ${platform} adapter runs in this deployment`);
  }
}

/**
 * The composition root's registry: each running adapter's notifier under its platform's name.
 * Every message goes to exactly the notifier of its recipient's platform; one for a platform
 * without an adapter is refused (the outbox dead-letters it), never taken as delivered.
 */
export function notifiersByPlatform(entries: Iterable<readonly [string, Notifier]>): Notifier {
  const byPlatform = new Map(entries);
  const notifierFor = (platform: string) => {
    const notifier = byPlatform.get(platform);
    if (!notifier) throw new NoAdapterForPlatform(platform);
    return notifier;
  };
  return {
    async sendDirect(to, message) {
      await notifierFor(to.platform).sendDirect(to, message);
    },
    async sendToChannel(to, message) {
      await notifierFor(to.platform).sendToChannel(to, message);
    },
  };
}
