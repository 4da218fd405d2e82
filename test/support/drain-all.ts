import type { Deps } from '../../src/deps.ts';
import { type DrainReport, drainOutbox } from '../../src/jobs/drain-outbox.ts';

/**
 * Drains a second apart (as the pump would, waking at each pace end) until a drain finds nothing due: the pace lets
 * one message per recipient through each second, so a recipient with three alerts needs three.
 */
export async function drainAll(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'notifier'>,
  advance: (ms: number) => void,
): Promise<DrainReport> {
  const total: DrainReport = { sent: 0, retried: 0, dead: 0 };
  for (;;) {
    const report = await drainOutbox(deps);
    if (report.sent + report.retried + report.dead === 0) return total;
    total.sent += report.sent;
    total.retried += report.retried;
    total.dead += report.dead;
    advance(1000);
  }
}
