import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import type { SqlConnection } from './sql-connection.ts';

const DATA_SUBFOLDER = 'pgdata';
const INIT_PREFIX = 'pgdata.init-';

export interface FirstBootEvents {
  /** The data folder is being created, which takes several seconds. */
  firstBoot(): void;
  /** A scratch folder left by an interrupted first boot was removed. */
  leftoverRemoved(name: string): void;
}

// PostgreSQL's 128 MB of shared buffers live in the WebAssembly memory and stay resident once touched;
// the embedded database is for small teams, whose data fits in 16 MB, and its files sit in the OS cache.
// Measured: the bot's idle RSS falls from ~430 to ~290 MB (Slack + scheduler).
const SMALL_BUFFERS = ['-c', 'shared_buffers=16MB'];

/**
 * Opens (or on first boot creates) the embedded database under `folder`, which the caller has
 * locked (folder-lock.ts). initdb runs in a scratch folder that is renamed into place only when
 * complete, so a first boot interrupted half-way is simply started again next time.
 */
export async function openPgliteFolder(folder: string, events: FirstBootEvents): Promise<PGlite> {
  const dataDir = join(folder, DATA_SUBFOLDER);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    events.firstBoot();
    for (const leftover of readdirSync(folder).filter((name) => name.startsWith(INIT_PREFIX))) {
      events.leftoverRemoved(leftover);
      rmSync(join(folder, leftover), { recursive: true, force: true });
    }
    rmSync(dataDir, { recursive: true, force: true });
    const scratch = join(folder, `${INIT_PREFIX}${process.pid}`);
    const fresh = await PGlite.create({ dataDir: scratch });
    await fresh.close();
    renameSync(scratch, dataDir);
  }
  return PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...SMALL_BUFFERS] });
}

/** The two calls of PGlite's the migration runner needs: PGlite itself and the worker bridge have them. */
export interface PgliteQueries {
  exec(sql: string): Promise<unknown>;
  query<Row>(sql: string, params?: unknown[]): Promise<Results<Row>>;
}

export function pgliteConnection(pglite: PgliteQueries): SqlConnection {
  return {
    async exec(sql) {
      await pglite.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pglite.query<Row>(sql, params)).rows;
    },
  };
}
