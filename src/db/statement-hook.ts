import pg from 'pg';

/** Called with each statement as it goes to the database: one call, one round trip. */
export type StatementHook = (sql: string) => void;

/**
 * A node-postgres client class that tells `hook` of every statement it sends, for a pool's
 * `Client` option: the pool's own queries and Prisma's transactions both pass through it.
 */
export function countingClient(hook: StatementHook): typeof pg.Client {
  return class CountingClient extends pg.Client {
    // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this only looks at the text
    override query(config: any, ...rest: any[]): any {
      hook(typeof config === 'string' ? config : (config?.text ?? ''));
      return (super.query as (...args: unknown[]) => unknown)(config, ...rest);
    }
  };
}
