import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';

const TICK_MS = 20;

/** Runs `busy` while a timer ticks every TICK_MS; returns how late the latest tick was. */
async function worstTimerDelay(busy: () => Promise<unknown>): Promise<{ worstMs: number; ticks: number }> {
  let last = performance.now();
  let worstMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worstMs = Math.max(worstMs, now - last - TICK_MS);
    last = now;
    ticks++;
  }, TICK_MS);
  try {
    await busy();
    const now = performance.now();
    return { worstMs: Math.max(worstMs, now - last - TICK_MS), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('embedded PGlite off the main thread', () => {
  it('a long query in the database leaves the main thread free: a timer keeps firing on time', async () => {
    const folder = copyPgliteTemplate();
    const db = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
    try {
      const started = performance.now();
      // pg_sleep holds PGlite for 1.5 s, as a slow statement or a big transaction would.
      const { worstMs, ticks } = await worstTimerDelay(() => db.prisma.$executeRawUnsafe('SELECT pg_sleep(1.5)'));
      expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
      expect(ticks).toBeGreaterThan(20);
      // On the main thread the timer would wait the whole 1.5 s; a loaded 2-core machine may add a few hundred ms.
      expect(worstMs).toBeLessThan(1_000);
    } finally {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
