import type { Logger } from '../logger.ts';
import { projectFile } from '../project-file.ts';
import { readMigrations } from './migrate.ts';
import type { PrismaClient } from './prisma-client.ts';
import type { StatementHook } from './statement-hook.ts';

export const MIGRATIONS_FOLDER = projectFile('prisma', 'migrations');

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, without secrets. */
  where: string;
  /**
   * Calls `onNotify` after each commit that sends NOTIFY on `channel`: from any process on
   * PostgreSQL (on a connection of its own), from this one on PGlite. Returns the stop.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'pglite'; folder: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface OpenOptions {
  log: Logger;
  /** Told when the embedded database is created, which takes several seconds. */
  onFirstBoot?: () => void;
  /** Told of every statement the app's queries send (not the migrations'): tests count round trips with it. */
  onStatement?: StatementHook;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions): Promise<Database> {
  const migrations = readMigrations(MIGRATIONS_FOLDER);
  // Only the chosen database's driver loads: PGlite's, or pg with Prisma's adapter for it.
  if (target.kind === 'pglite') return (await import('./open-pglite.ts')).openPglite(target, migrations, options);
  return (await import('./open-postgres.ts')).openPostgres(target, migrations, options);
}
