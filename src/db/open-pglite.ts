import type { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockFolder } from './folder-lock.ts';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database, OpenOptions } from './open-database.ts';
import { openPgliteWorker } from './pglite-bridge.ts';
import { pgliteConnection } from './pglite-store.ts';
import { createPrismaClient } from './prisma-client.ts';

/** The embedded database in `target.folder`, locked for this process, on its own thread, migrated. */
export async function openPglite(
  target: { folder: string },
  migrations: Migration[],
  options: OpenOptions,
): Promise<Database> {
  const lock = lockFolder(target.folder);
  const pglite = await openPgliteWorker(target.folder, {
    log: options.log,
    onFirstBoot: options.onFirstBoot,
    onStatement: options.onStatement,
  }).catch((error: unknown) => {
    lock.release();
    throw error;
  });
  try {
    const report = await applyMigrations(pgliteConnection(pglite), migrations, { advisoryLock: false });
    if (report.applied.length > 0) options.log.info('migrations applied', { applied: report.applied });
  } catch (error) {
    await pglite.close();
    lock.release();
    throw error;
  }
  // The adapter calls only query, exec and transaction (pglite-prisma-adapter 0.7), which the bridge has.
  const prisma = createPrismaClient(new PrismaPGlite(pglite as unknown as PGlite));
  return {
    prisma,
    kind: 'pglite',
    where: `embedded PGlite in ${target.folder}`,
    async listen(channel, onNotify) {
      const stop = await pglite.listen(channel, onNotify);
      return async () => stop();
    },
    async close() {
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
