import type { Logger } from '../logger.ts';

export interface WokenTask {
  /** Run now, or once more right after the run in progress: wakes during a run fold into one. */
  wake(): void;
  /** No new runs; waits for the one in progress. */
  stop(): Promise<void>;
}

/** A task run when woken (a NOTIFY on commit), one run at a time; a failed run is logged, not thrown. */
export function wokenTask(name: string, log: Logger, task: () => Promise<unknown>): WokenTask {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    running = task()
      .then(
        () => undefined,
        (error: Error) => log.error(`${name} failed`, { error: error.message }),
      )
      .finally(() => {
        running = undefined;
        if (again) run();
      });
  };
  return {
    wake: run,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
