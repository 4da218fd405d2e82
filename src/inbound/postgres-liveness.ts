import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { type Liveness, THIS_PROCESS } from './this-process.ts';

// Each process holds a session advisory lock named after itself, on a connection of its own, for
// as long as it runs. PostgreSQL releases it when that connection ends, as it does when the
// process dies, so a lock another process can take means its owner is gone.
const LOCK_SPACE = 0x7a11; // the first key of Tally's instance locks (Prisma's migration lock is a single bigint)
const RECONNECT_MS = 1000;

function lockKey(owner: string): number {
  return createHash('sha256').update(owner).digest().readInt32BE(0);
}

/** The two keys of `owner`'s advisory lock. */
export function livenessLock(owner: string): [number, number] {
  return [LOCK_SPACE, lockKey(owner)];
}

/** Takes this process's lock and keeps it (reconnecting if the connection drops) until `close`. */
export async function holdPostgresLiveness(url: string, log: Logger): Promise<Liveness> {
  const mine = lockKey(THIS_PROCESS);
  let closing = false;
  let client: pg.Client | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
    next.on('error', (error) => {
      if (closing || client !== next) return;
      // Until it is back, other processes may take this one for gone and answer its commands.
      log.warn('lost the connection that holds this process as alive; reconnecting', { error: error.message });
      client = undefined;
      void next.end().catch(() => {});
      setTimeout(reconnect, RECONNECT_MS).unref();
    });
    await next.connect();
    await next.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, mine]);
    client = next;
  };
  const reconnect = () => {
    if (closing) return;
    connect().catch((error: Error) => {
      log.warn('could not reconnect to hold this process as alive', { error: error.message });
      setTimeout(reconnect, RECONNECT_MS).unref();
    });
  };

  await connect();
  return {
    async isGone(owner) {
      const key = lockKey(owner);
      if (key === mine) return false; // ours (a lock is re-entrant within its session)
      if (!client) throw new Error('not connected: cannot tell which processes are gone');
      const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS free', [
        LOCK_SPACE,
        key,
      ]);
      if (rows[0]?.free) await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, key]);
      return rows[0]?.free === true;
    },
    async close() {
      closing = true;
      await client?.end();
    },
  };
}
