import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { holdPostgresLiveness, livenessLock } from '../../src/inbound/postgres-liveness.ts';
import { THIS_PROCESS } from '../../src/inbound/this-process.ts';
import { silentLogger } from '../../src/logger.ts';
import { onPostgres, withEmptyPostgres } from '../support/test-database.ts';

/** Holds `owner`'s lock as another bot process would, on a connection of its own. */
async function otherProcess(url: string, owner: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1, $2)', livenessLock(owner));
  return client;
}

describe.runIf(onPostgres)('which processes are gone, on PostgreSQL', () => {
  it('a process holding its lock is alive, one whose connection ended is gone, and this one is never gone', async () => {
    await withEmptyPostgres('liveness', async (url) => {
      const liveness = await holdPostgresLiveness(url, silentLogger);
      const other = await otherProcess(url, 'other-host:1:AAAAAA');
      try {
        expect(await liveness.isGone(THIS_PROCESS)).toBe(false);
        expect(await liveness.isGone('other-host:1:AAAAAA')).toBe(false);
        expect(await liveness.isGone('crashed-host:2:BBBBBB')).toBe(true);
        await other.end(); // as when that process is killed: PostgreSQL drops its session's locks
        expect(await liveness.isGone('other-host:1:AAAAAA')).toBe(true);
        // Asking holds no lock afterwards: a process starting again under that name could still take it.
        const again = await otherProcess(url, 'other-host:1:AAAAAA');
        await again.end();
      } finally {
        await other.end().catch(() => {});
        await liveness.close();
      }
    });
  });
});
