import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/db/db-errors.ts';
import { type Database, openDatabase } from '../../src/db/open-database.ts';
import { PgliteBridge, spawnPgliteWorker } from '../../src/db/pglite-bridge.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('PGlite on its own thread, through Prisma', () => {
  let folder: string;
  let db: Database;
  beforeAll(async () => {
    folder = copyPgliteTemplate();
    db = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
  });
  afterAll(async () => {
    await db.close();
    expect(existsSync(join(folder, 'tally.lock'))).toBe(false);
    rmSync(folder, { recursive: true, force: true });
  });

  it('a duplicate key still comes back as a unique violation (by its PostgreSQL code)', async () => {
    const insert = () => db.prisma.team.create({ data: { id: 'TDUPLICATE', name: 'Duplicate' } });
    await insert();
    const second = await insert().catch((error: unknown) => error);
    expect(isUniqueViolation(second)).toBe(true);
  });

  it('a transaction keeps every other statement out until it commits', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((done) => (entered = done));
    const committed = db.prisma.$transaction(async (tx) => {
      await tx.team.create({ data: { id: 'TTXWAIT', name: 'Uncommitted' } });
      entered();
      await sleep(300);
      await tx.team.update({ where: { id: 'TTXWAIT' }, data: { name: 'Committed' } });
    });
    await inside;
    // Outside the transaction: waits for it, then sees only its end result.
    const seen = await db.prisma.team.findUnique({ where: { id: 'TTXWAIT' } });
    expect(seen?.name).toBe('Committed');
    await committed;
  });

  it('a transaction whose callback throws leaves nothing behind, and the database goes on', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.team.create({ data: { id: 'TTXFAIL', name: 'Rolled back' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.prisma.team.findUnique({ where: { id: 'TTXFAIL' } })).toBeNull();
    expect(await db.prisma.team.count({ where: { id: 'TTXWAIT' } })).toBe(1);
  });
});

describe('the PGlite thread dying', () => {
  it('fails the query in progress and every later one with the reason, instead of hanging', async () => {
    const folder = copyPgliteTemplate();
    const worker = spawnPgliteWorker(folder);
    const logged: string[] = [];
    const bridge = new PgliteBridge(worker, { log: createLogger('error', (line) => logged.push(line)) });
    await bridge.ready;
    const running = bridge.query('SELECT pg_sleep(5)');
    await sleep(200);
    await worker.terminate();
    await expect(running).rejects.toThrow(/thread stopped/);
    await expect(bridge.query('SELECT 1')).rejects.toThrow(/thread stopped/);
    await expect(bridge.transaction(async () => {})).rejects.toThrow(/thread stopped/);
    expect(logged.join()).toContain('embedded database thread stopped');
    await bridge.close();
    rmSync(folder, { recursive: true, force: true });
  }, 30_000);
});
