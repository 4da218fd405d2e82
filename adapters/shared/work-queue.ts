import pLimit from 'p-limit';

export interface Work {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Counts a promise as in flight without queueing it (a Discord answer: defer, work, reply). */
  track<T>(running: Promise<T>): Promise<T>;
  /** Resolves when nothing is queued or running: a stopping adapter waits for it before letting go. */
  idle(): Promise<void>;
}

/**
 * Bounds the commands worked on at once. Acks are sent before the work, but they still need
 * the event loop: with hundreds of commands in flight (rendering, JSON, the database client's
 * work) a new request's ack would queue behind all of them and miss Slack's 3 seconds.
 * Waiting work costs nothing, so new acks go out at once. Measured in bench/slack-commands.ts.
 */
export function workQueue(concurrency: number): Work {
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(running: Promise<T>): Promise<T> => {
    inFlight.add(running);
    running.then(
      () => inFlight.delete(running),
      () => inFlight.delete(running),
    );
    return running;
  };
  const work = <T>(task: () => Promise<T>): Promise<T> => track(limit(task));
  return Object.assign(work, {
    track,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  });
}
