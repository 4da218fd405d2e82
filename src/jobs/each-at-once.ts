import pLimit from 'p-limit';

export interface JobOptions {
  /** Items worked on at once (one transaction each): the pool size on PostgreSQL, 1 on PGlite. */
  concurrency?: number;
}

/**
 * Runs `work` for every item, up to `concurrency` at once. A failing item is handed to
 * `onError` and the others go on: one team's problem never stops everybody's billing or alerts.
 */
export async function eachAtOnce<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>, onError: (item: T, error: Error) => void): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(items.map((item) => limit(() => work(item).catch((error: Error) => onError(item, error)))));
}
