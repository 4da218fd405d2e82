import type { Deps } from '../deps.ts';
import { type DrainOptions, type DrainReport, drainOutbox, nextOutboxDue } from './drain-outbox.ts';

export interface OutboxPumpOptions extends DrainOptions {
  /** The longest it sleeps with nothing due: catches what a lost notification did not announce. */
  fallbackMs?: number;
  /** Told after every drain (tests count them). */
  onDrain?: (report: DrainReport) => void;
}

export interface OutboxPump {
  /** Something was queued (or may have been, as at start): drain now, or right after the drain in progress. */
  wake(): void;
  /** No new drains; waits for the one in progress. */
  stop(): Promise<void>;
}

/**
 * Drains the outbox when woken (a NOTIFY on commit of new rows), then sleeps until the next row is
 * due (a retry's time, or a recipient's pace ending), or `fallbackMs` at most, instead of polling.
 * One drain at a time; wakes during a drain fold into one more drain after it.
 */
export function startOutboxPump(deps: Deps, options: OutboxPumpOptions = {}): OutboxPump {
  const { fallbackMs = 60_000, onDrain, ...drain } = options;
  const paceMs = drain.paceMs ?? 1000;
  let stopped = false;
  let again = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;

  /** The next drain at `at`; `probe`: nothing is known due by then, so it first only looks. */
  const sleepUntil = (at: number, probe = false) => {
    if (stopped || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => run(probe), Math.max(0, at - Date.now()));
  };

  interface Next {
    at: number;
    probe: boolean;
    dueNow: boolean;
  }
  /** When to drain next, from the next row due (after a drain that claimed `claimed` rows). */
  const nextDrain = async (claimed: number): Promise<Next> => {
    const due = await nextOutboxDue(deps, paceMs);
    const untilDue = due ? due.getTime() - deps.clock.now().getTime() : Number.POSITIVE_INFINITY;
    // A row due now that this drain could not claim is another process's or locked: not a busy loop.
    const wait = Math.max(untilDue, claimed > 0 ? 0 : paceMs / 4);
    return wait >= fallbackMs
      ? { at: Date.now() + fallbackMs, probe: true, dueNow: false }
      : { at: Date.now() + wait, probe: false, dueNow: untilDue <= 0 };
  };

  /**
   * Drains until no wake came in meanwhile; returns when to drain next. A probe (the fallback,
   * nothing known due) reads when the next row is due first, and drains only if one is due now:
   * one statement a fallback period while idle, not a claim and a read.
   */
  const drainAll = async (probe: boolean): Promise<Next> => {
    if (probe) {
      const next = await nextDrain(0);
      if (!next.dueNow && !again) return next;
    }
    let claimed = 0;
    do {
      again = false;
      const report = await drainOutbox(deps, drain);
      onDrain?.(report);
      claimed = report.sent + report.retried + report.dead;
    } while (again && !stopped);
    return nextDrain(claimed);
  };

  function run(probe = false) {
    clearTimeout(timer);
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drainAll(probe).then(
      (next) => {
        running = undefined;
        // A wake while the next due time was read: drain again now.
        if (again) sleepUntil(Date.now());
        else sleepUntil(next.at, next.probe);
      },
      (error: Error) => {
        running = undefined;
        deps.log.error('draining the outbox failed', { error: error.message });
        sleepUntil(Date.now() + Math.min(fallbackMs, 5 * paceMs));
      },
    );
  }

  return {
    wake: () => run(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The channel the outbox's trigger NOTIFYs when rows are queued (migration outbox_notify). */
export const OUTBOX_CHANNEL = 'tally_outbox';

/** The pump, woken by every commit that queues rows: `listen` is the database's (Database.listen). */
export async function startOutboxDelivery(
  deps: Deps,
  listen: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>,
  options: OutboxPumpOptions = {},
): Promise<Pick<OutboxPump, 'stop'>> {
  const pump = startOutboxPump(deps, options);
  const unlisten = await listen(OUTBOX_CHANNEL, pump.wake);
  pump.wake(); // listening first: what an earlier process left, or was queued meanwhile
  return {
    async stop() {
      await unlisten();
      await pump.stop();
    },
  };
}
