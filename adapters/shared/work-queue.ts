import pLimit from 'p-limit';

export interface Work {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Resolves when nothing is queued or running: a stopping adapter waits for it before letting go. */
  idle(): Promise<void>;
}

/**
 * Bounds the commands worked on at once. Acks are sent before the work, but they still need
 * the event loop: with hundreds of commands in flight (and PGlite's queries running on the same
 * thread) a new request's ack would queue behind all of them and miss Slack's 3 seconds.
 * Waiting work costs nothing, so new acks go out at once. Measured in bench/slack-commands.ts.
 */
export function workQueue(concurrency: number): Work {
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<unknown>>();
  const work = <T>(task: () => Promise<T>): Promise<T> => {
    const running = limit(task);
    inFlight.add(running);
    running.then(
      () => inFlight.delete(running),
      () => inFlight.delete(running),
    );
    return running;
  };
  return Object.assign(work, {
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  });
}
