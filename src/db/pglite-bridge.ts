import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import type { Logger } from '../logger.ts';
import { type PgliteReply, type PgliteRequest, type PgliteWorkerData, reviveError } from './pglite-messages.ts';
import { applyParsers, parsedTypes } from './pglite-parsers.ts';
import type { StatementHook } from './statement-hook.ts';

// From source (tests, tsx) the worker's entry registers tsx first; compiled (npm start), it is plain JavaScript.
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./pglite-worker-entry.mjs', import.meta.url)
  : new URL('./pglite-worker.js', import.meta.url);

type Request = PgliteRequest extends infer R ? (R extends PgliteRequest ? Omit<R, 'id'> : never) : never;

/** PGlite's transaction object, as far as the Prisma adapter and the migration runner use it. */
export interface BridgeTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export interface BridgeOptions {
  log: Logger;
  onFirstBoot?: (() => void) | undefined;
  /** Told of each statement sent to the worker, BEGIN and COMMIT included (tests count round trips). */
  onStatement?: StatementHook | undefined;
}

/** What a request to the worker runs, as SQL, for a statement hook. */
function statementOf(request: Request): string {
  switch (request.op) {
    case 'query':
    case 'exec':
      return request.sql;
    case 'begin':
      return 'BEGIN';
    case 'rollback':
      return 'ROLLBACK';
    case 'end':
      return request.commit ? 'COMMIT' : 'ROLLBACK';
    case 'close':
      return 'CLOSE';
    case 'listen':
      return `LISTEN ${request.channel}`;
  }
}

/** The thread that will own the database in `folder` (locked by the caller). */
export function spawnPgliteWorker(folder: string): Worker {
  const workerData: PgliteWorkerData = { folder };
  // The main thread's flags (--import tsx, vitest's) are not wanted: the entry registers tsx itself if it needs it.
  return new Worker(WORKER_ENTRY, { workerData, execArgv: [] });
}

/** The database in `folder` (locked by the caller) opened on its own thread, ready for queries. */
export async function openPgliteWorker(folder: string, options: BridgeOptions): Promise<PgliteBridge> {
  const bridge = new PgliteBridge(spawnPgliteWorker(folder), options);
  try {
    await bridge.ready;
  } catch (error) {
    await bridge.close();
    throw error;
  }
  return bridge;
}

/**
 * PGlite on a worker thread, seen from the main thread: query, exec, transaction and close, as
 * PGlite has them, each forwarded over the worker's port. The WebAssembly Postgres then never
 * runs on the thread that must acknowledge Slack and Discord within 3 seconds.
 * If the thread dies, every waiting and later call fails with the reason instead of hanging.
 */
export class PgliteBridge {
  /** Resolves once the worker has opened (or created) the database. */
  readonly ready: Promise<void>;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private nextTransaction = 1;
  private opened!: { resolve(): void; reject(error: Error): void };
  private stopped: Error | undefined;
  private closing: Promise<void> | undefined;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(
    private readonly worker: Worker,
    private readonly options: BridgeOptions,
  ) {
    this.ready = new Promise((resolve, reject) => (this.opened = { resolve, reject }));
    this.ready.catch(() => {}); // whoever opens awaits it; a crash after opening must not reject it unobserved
    worker.on('message', (reply: PgliteReply) => this.receive(reply));
    worker.on('error', (error) =>
      this.stop(new Error(`The embedded database's thread failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) => this.stop(new Error(`The embedded database's thread stopped (exit code ${code}).`)));
    // A reply that cannot be read would leave its caller waiting for ever.
    worker.on('messageerror', (error) => {
      this.stop(new Error(`The embedded database's thread sent an unreadable reply: ${error.message}`));
      void worker.terminate();
    });
  }

  query<T>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Results<T>> {
    return this.runQuery<T>(undefined, sql, params, options);
  }

  exec(sql: string): Promise<Results[]> {
    return this.call({ op: 'exec', sql });
  }

  /**
   * As PGlite's transaction(): BEGIN, the callback, then COMMIT, or ROLLBACK when it throws.
   * The worker holds PGlite's own transaction open meanwhile, so no other statement interleaves.
   */
  async transaction<T>(callback: (tx: BridgeTransaction) => Promise<T>): Promise<T> {
    const id = this.nextTransaction++;
    await this.call({ op: 'begin', tx: id });
    let closed = false;
    const checkOpen = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const tx: BridgeTransaction = {
      query: async <R>(sql: string, params: unknown[] = [], options: QueryOptions = {}) => {
        checkOpen();
        return this.runQuery<R>(id, sql, params, options);
      },
      exec: async (sql) => {
        checkOpen();
        return this.call<Results[]>({ op: 'exec', sql, tx: id });
      },
      rollback: () => {
        const done = (async () => {
          checkOpen();
          await this.call({ op: 'rollback', tx: id });
          closed = true;
        })();
        // The Prisma adapter does not await rollback(); its failure reaches the caller through end.
        done.catch(() => {});
        return done;
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      closed = true;
      await this.call({ op: 'end', tx: id, commit: false });
      throw error;
    }
    closed = true;
    await this.call({ op: 'end', tx: id, commit: true });
    return result;
  }

  /** Calls `onNotify` after each commit that sent NOTIFY on `channel`, until the returned stop. */
  async listen(channel: string, onNotify: () => void): Promise<() => void> {
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
      await this.call({ op: 'listen', channel });
    }
    listeners.add(onNotify);
    return () => listeners.delete(onNotify);
  }

  /** Closes PGlite in the worker (which writes it out), then ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.stopped) await this.post({ op: 'close' });
      } finally {
        this.stop(new Error('The embedded database is closed.'), { quietly: true });
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private async runQuery<T>(
    tx: number | undefined,
    sql: string,
    params: unknown[],
    options: QueryOptions,
  ): Promise<Results<T>> {
    const { rowMode, parsers = {}, ...others } = options;
    const unsupported = Object.keys(others);
    if (unsupported.length > 0)
      throw new Error(`PGlite query options ${unsupported.join(', ')} do not cross to the database's thread.`);
    const result = await this.call<Results<T>>({
      op: 'query',
      sql,
      params,
      rowMode,
      rawTypes: parsedTypes(parsers),
      ...(tx !== undefined && { tx }),
    });
    return applyParsers(result, parsers, rowMode);
  }

  private call<T>(request: Request): Promise<T> {
    if (this.closing && !this.stopped) return Promise.reject(new Error('The embedded database is closing.'));
    this.options.onStatement?.(statementOf(request));
    return this.post<T>(request);
  }

  private post<T>(request: Request): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      try {
        this.worker.postMessage({ ...request, id });
      } catch (error) {
        reject(error as Error); // a parameter structured clone cannot copy
        return;
      }
      // Waiting for an answer keeps the process alive; an idle database does not.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private receive(reply: PgliteReply) {
    switch (reply.kind) {
      case 'done':
      case 'failed': {
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (this.pending.size === 0) this.worker.unref();
        if (reply.kind === 'done') waiting?.resolve(reply.value);
        else waiting?.reject(reviveError(reply.error));
        return;
      }
      case 'first-boot':
        this.options.onFirstBoot?.();
        return;
      case 'warn':
        this.options.log.warn(reply.message, reply.fields);
        return;
      case 'notification':
        for (const listener of this.listeners.get(reply.channel) ?? []) listener();
        return;
      case 'ready':
        if (this.pending.size === 0) this.worker.unref();
        this.opened.resolve();
        return;
      case 'open-failed': {
        const error = reviveError(reply.error);
        this.stop(error, { quietly: true });
        this.opened.reject(error);
      }
    }
  }

  private stop(reason: Error, { quietly = false } = {}) {
    if (this.stopped) return;
    this.stopped = reason;
    if (!quietly) this.options.log.error('embedded database thread stopped', { error: reason.message });
    this.opened.reject(reason);
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }
}
