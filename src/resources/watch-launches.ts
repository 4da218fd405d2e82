import { MINUTE } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { refundLaunch, settleLaunch } from './launch-outcomes.ts';
import { providerNameOf, WITH_KEY } from './provision-launch.ts';

type WatchDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'compute'>;

/**
 * A launch still `provisioning` after this lost its answer (a crash, the cloud's silence): longer
 * than the provider client's timeouts and retries together (about 3 minutes at the worst with
 * Sesterce's), so the checkout itself has given up. An answer later still is given back.
 */
export const PROVISION_GRACE_MS = 5 * MINUTE;
/** A machine still starting after this is given back and refunded. */
export const PENDING_LIMIT_MS = 30 * MINUTE;

export interface WatchReport {
  checked: number;
  changed: number;
  /** The cloud could not be asked: checked again next time. */
  unanswered: number;
}

/**
 * Launches in flight, asked about at the cloud, outside any transaction: a resource starting
 * (`pending`) becomes running when its machine is up, with a DM to the launcher saying how to
 * connect; one in error or gone is refunded and said so. A reservation left `provisioning` (a
 * crash between reserving and confirming, an unanswered call) is found by its machine's name and
 * settled the same way, or refunded when the cloud has no such machine: never charged twice,
 * never left reserved. At start-up and by a job; one statement when nothing is in flight.
 */
export async function watchLaunches(deps: WatchDeps, limit = 100): Promise<WatchReport> {
  const now = deps.clock.now();
  const inFlight = await deps.db.resource.findMany({
    where: {
      OR: [
        { status: 'pending' },
        { status: 'provisioning', startedAt: { lte: new Date(now.getTime() - PROVISION_GRACE_MS) } },
      ],
    },
    orderBy: { startedAt: 'asc' },
    include: WITH_KEY,
    take: limit,
  });
  const report: WatchReport = { checked: inFlight.length, changed: 0, unanswered: 0 };
  for (const resource of inFlight) {
    try {
      const machine =
        resource.status === 'pending' && resource.providerId
          ? await deps.compute.lookup(resource.kind, resource.providerId)
          : await deps.compute.findByName(resource.kind, providerNameOf(resource));
      const tooLong = now.getTime() - resource.startedAt.getTime() > PENDING_LIMIT_MS;
      const settled =
        machine?.status === 'pending' && tooLong
          ? await refundLaunch(
              deps,
              { ...resource, providerId: machine.providerId },
              `it was still starting after ${PENDING_LIMIT_MS / MINUTE} minutes, so it was given back.`,
              true,
            )
          : await settleLaunch(deps, resource, machine, true);
      if (settled && (settled === true || settled.status !== resource.status)) report.changed++;
    } catch (error) {
      report.unanswered++;
      deps.log.warn('a launch in flight could not be checked at the cloud', {
        resourceId: resource.id,
        error: (error as Error).message,
      });
    }
  }
  return report;
}
