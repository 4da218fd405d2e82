import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TallyError } from '../errors.ts';

const LOCK_NAME = 'tally.lock';

export interface FolderLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PGlite is one process's database: a second process writing the same folder would corrupt it.
 * A lock file holding our pid keeps others out; a lock whose process is gone is taken over.
 */
export function lockFolder(folder: string): FolderLock {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path)) {
      return {
        release() {
          if (readHolder(path) === process.pid) rmSync(path, { force: true });
        },
      };
    }
    const holder = readHolder(path);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      throw new TallyError(
        'database_in_use',
        `The embedded database in ${folder} is in use by another Tally process (pid ${holder}). ` +
          'Stop that process, or give this one its own TALLY_DATA_DIR, ' +
          'or use PostgreSQL (DATABASE_URL) to run several.',
      );
    }
    // Stale lock (crashed process, or our own pid after a restart in a container): take it over.
    rmSync(path, { force: true });
  }
  throw new TallyError('database_in_use', `Could not lock the embedded database folder ${folder}.`);
}
