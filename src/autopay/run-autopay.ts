import type { Deps } from '../deps.ts';
import type { Job } from '../jobs/scheduler.ts';
import { wokenTask } from '../jobs/woken-task.ts';
import type { CardAutopay } from '../ports/payments.ts';
import { AUTOPAY_CHANNEL, queueAutopayCharges } from './queue-charges.ts';
import { sendAutopayCharges } from './send-charges.ts';

type RunDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing'>;

/** One round: charges queued for every team that crossed its threshold, then the queued ones sent. */
export async function runAutopay(deps: RunDeps, autopay: CardAutopay) {
  const queued = await queueAutopayCharges(deps, autopay.policy);
  return { queued, ...(await sendAutopayCharges(deps, autopay)) };
}

/**
 * The safety net beside the wake-up: every minute at second 35 (off the other jobs), for charges
 * an outage left queued, a daily limit that has passed, a lost notification.
 */
export function autopayJob(autopay: CardAutopay): Job {
  return { name: 'autopay', every: '35 * * * * *', run: (deps) => runAutopay(deps, autopay) };
}

/** Runs a round whenever a balance crosses a threshold (the migration's trigger NOTIFYs on commit). */
export async function startAutopayWorker(
  deps: RunDeps,
  autopay: CardAutopay,
  listen: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>,
) {
  const task = wokenTask('automatic top-up', deps.log, () => runAutopay(deps, autopay));
  const unlisten = await listen(AUTOPAY_CHANNEL, task.wake);
  task.wake(); // listening first: what crossed while no process listened
  return {
    async stop() {
      await unlisten();
      await task.stop();
    },
  };
}
