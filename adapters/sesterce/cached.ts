/** How a cached value is kept: fresh for `ttlMs`; after a failed refresh, the last one for `retryMs`. */
export interface CacheOptions {
  ttlMs: number;
  /** How long the last good value is served after a refresh failed before trying again; 30 s unless set. */
  retryMs?: number;
  now?: () => number;
  /** Told when a refresh failed and the last good value is served instead. */
  onStale?: (error: unknown) => void;
}

/**
 * `load`'s value, reloaded once `ttlMs` has passed, one load in flight at a time (callers in the
 * meantime share it). A failed reload serves the last good value rather than failing everyone; with
 * none yet, the error is thrown.
 */
export interface Cached<T> {
  get(): Promise<T>;
  /** Loads afresh on the next `get`: what was cached proved wrong. */
  forget(): void;
}

export function cached<T>(load: () => Promise<T>, options: CacheOptions): Cached<T> {
  const { ttlMs, retryMs = 30_000, now = Date.now, onStale } = options;
  let last: { value: T; until: number } | undefined;
  let inFlight: Promise<T> | undefined;
  const refresh = async (): Promise<T> => {
    try {
      const value = await load();
      last = { value, until: now() + ttlMs };
      return value;
    } catch (error) {
      if (!last) throw error;
      onStale?.(error);
      last.until = now() + Math.min(retryMs, ttlMs);
      return last.value;
    }
  };
  return {
    get() {
      if (last && now() < last.until) return Promise.resolve(last.value);
      // Cleared in a later tick, after the assignment, even when `load` fails at once.
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    forget() {
      if (last) last.until = 0;
    },
  };
}
