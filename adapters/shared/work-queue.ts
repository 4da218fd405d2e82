import pLimit from 'p-limit';

export type Work = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Bounds the commands worked on at once. Acks are sent before the work, but they still need
 * the event loop: with hundreds of commands in flight (and PGlite's queries running on the same
 * thread) a new request's ack would queue behind all of them and miss Slack's 3 seconds.
 * Waiting work costs nothing, so new acks go out at once. Measured in bench/slack-commands.ts.
 */
export function workQueue(concurrency: number): Work {
  const limit = pLimit(concurrency);
  return (task) => limit(task);
}
