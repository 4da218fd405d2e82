import pLimit from 'p-limit';

export interface JobOptions {
  /** Items worked on at once (one transaction each): the pool size on PostgreSQL, 1 on PGlite. */
  concurrency?: number;
  /** Aborted when the bot stops: items not yet begun are left for the next run. */
  signal?: AbortSignal;
}

/**
 * Runs `work` for every item, up to `concurrency` at once. A failing item is handed to
 * `onError` and the others go on: one team's problem never stops everybody's billing or alerts.
 * Each item is its own transaction, so stopping between items loses nothing.
 */
export async function eachAtOnce<T>(
  items: T[],
  options: JobOptions,
  work: (item: T) => Promise<void>,
  onError: (item: T, error: Error) => void,
): Promise<void> {
  const limit = pLimit(options.concurrency ?? 1);
  await Promise.all(
    items.map((item) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        await work(item).catch((error: Error) => onError(item, error));
      }),
    ),
  );
}
