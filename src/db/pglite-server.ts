import type { ParserOptions, PGlite, Results, Transaction } from '@electric-sql/pglite';
import type { PgliteRequest } from './pglite-messages.ts';
import { rawTextParsers } from './pglite-parsers.ts';

/** Thrown inside PGlite's transaction() to make it roll back when the main thread's callback failed. */
const ROLL_BACK = Symbol('roll back');

/** What structured clone can copy of a result (a blob from COPY … TO '/dev/blob' is not wanted). */
const plainResults = ({ rows, fields, affectedRows }: Results): Results => ({ rows, fields, affectedRows });

interface OpenTransaction {
  tx: Transaction;
  /** The transaction's statements, run strictly one after another in the order they came. */
  queue: Promise<unknown>;
  finish(commit: boolean): void;
  settled: Promise<void>;
}

/**
 * The worker's side of the bridge: runs each request on the PGlite it owns. Transactions are
 * PGlite's own transaction(), held open across requests, so PGlite keeps every other statement
 * out until it ends, exactly as when it ran on the main thread.
 */
export class PgliteServer {
  private readonly transactions = new Map<number, OpenTransaction>();
  private readonly parsers = new Map<string, ParserOptions>();

  constructor(private readonly pglite: PGlite) {}

  /** Every request but listen, which the worker answers itself. */
  handle(request: Exclude<PgliteRequest, { op: 'listen' }>): Promise<unknown> {
    switch (request.op) {
      case 'query': {
        const { sql, params, rowMode, rawTypes } = request;
        const key = rawTypes.join();
        const parsers = this.parsers.get(key) ?? this.parsers.set(key, rawTextParsers(rawTypes)).get(key)!;
        return this.inTransaction(request.tx, async (tx) => {
          return plainResults(await (tx ?? this.pglite).query(sql, params, { rowMode, parsers }));
        });
      }
      case 'exec':
        return this.inTransaction(request.tx, async (tx) =>
          (await (tx ?? this.pglite).exec(request.sql)).map(plainResults),
        );
      case 'rollback':
        return this.inTransaction(request.tx, (tx) => tx!.rollback());
      case 'begin':
        return this.begin(request.tx);
      case 'end':
        return this.end(request.tx, request.commit);
      case 'close':
        return this.pglite.close();
    }
  }

  private inTransaction<T>(id: number | undefined, run: (tx: Transaction | undefined) => Promise<T>): Promise<T> {
    if (id === undefined) return run(undefined);
    const open = this.transactions.get(id);
    if (!open) return Promise.reject(new Error('Transaction is closed'));
    const next = open.queue.then(() => run(open.tx));
    open.queue = next.catch(() => {});
    return next;
  }

  /** Resolves once BEGIN has run, i.e. once PGlite has let this transaction in. */
  private begin(id: number): Promise<void> {
    return new Promise((begun, failed) => {
      let finish!: (commit: boolean) => void;
      const finished = new Promise<boolean>((resolve) => (finish = resolve));
      const settled = this.pglite.transaction(async (tx) => {
        this.transactions.set(id, { tx, queue: Promise.resolve(), finish, settled });
        begun();
        if (!(await finished)) throw ROLL_BACK;
      });
      settled.catch(failed);
    });
  }

  /** COMMIT (unless rolled back already) or ROLLBACK, after the transaction's last statement. */
  private async end(id: number, commit: boolean): Promise<void> {
    const open = this.transactions.get(id);
    if (!open) throw new Error('Transaction is closed');
    await open.queue;
    this.transactions.delete(id);
    open.finish(commit);
    await open.settled.catch((error: unknown) => {
      if (error !== ROLL_BACK) throw error;
    });
  }
}
