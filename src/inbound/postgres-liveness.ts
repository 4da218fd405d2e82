import { createHash } from 'node:crypto';
import { holdConnection } from '../db/held-connection.ts';
import type { Logger } from '../logger.ts';
import { type Liveness, THIS_PROCESS } from './this-process.ts';

// Each process holds a session advisory lock named after itself, on a connection of its own, for
// as long as it runs. PostgreSQL releases it when that connection ends, as it does when the
// process dies, so a lock another process can take means its owner is gone.
const LOCK_SPACE = 0x7a11; // the first key of Tally's instance locks (Prisma's migration lock is a single bigint)

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
  const connection = await holdConnection(url, log, {
    async setUp(client) {
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, mine]);
    },
    // Until it is back, other processes may take this one for gone and answer its commands.
    lost: 'lost the connection that holds this process as alive; reconnecting',
    notReconnected: 'could not reconnect to hold this process as alive',
  });
  return {
    async isGone(owner) {
      const key = lockKey(owner);
      if (key === mine) return false; // ours (a lock is re-entrant within its session)
      const client = connection.client();
      if (!client) throw new Error('not connected: cannot tell which processes are gone');
      const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS free', [
        LOCK_SPACE,
        key,
      ]);
      if (rows[0]?.free) await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, key]);
      return rows[0]?.free === true;
    },
    close: () => connection.close(),
  };
}
