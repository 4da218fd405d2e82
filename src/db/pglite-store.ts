import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../logger.ts';
import { lockFolder, type FolderLock } from './folder-lock.ts';
import type { SqlConnection } from './sql-connection.ts';

const DATA_SUBFOLDER = 'pgdata';
const INIT_PREFIX = 'pgdata.init-';

export interface OpenPglite {
  pglite: PGlite;
  lock: FolderLock;
  createdNow: boolean;
}

/**
 * Opens (or on first boot creates) the embedded database under `folder`.
 * initdb runs in a scratch folder that is renamed into place only when complete, so a first
 * boot interrupted half-way is simply started again next time.
 */
export async function openPglite(folder: string, log: Logger, onFirstBoot: () => void): Promise<OpenPglite> {
  const lock = lockFolder(folder);
  try {
    const dataDir = join(folder, DATA_SUBFOLDER);
    let createdNow = false;
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      onFirstBoot();
      for (const leftover of readdirSync(folder).filter((name) => name.startsWith(INIT_PREFIX))) {
        log.warn('removing an interrupted first boot of the embedded database', { folder: leftover });
        rmSync(join(folder, leftover), { recursive: true, force: true });
      }
      rmSync(dataDir, { recursive: true, force: true });
      const scratch = join(folder, `${INIT_PREFIX}${process.pid}`);
      const fresh = await PGlite.create({ dataDir: scratch });
      await fresh.close();
      renameSync(scratch, dataDir);
      createdNow = true;
    }
    const pglite = await PGlite.create({ dataDir });
    return { pglite, lock, createdNow };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export function pgliteConnection(pglite: PGlite): SqlConnection {
  return {
    async exec(sql) {
      await pglite.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pglite.query<Row>(sql, params)).rows;
    },
  };
}
