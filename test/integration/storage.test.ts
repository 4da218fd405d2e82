import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/open-database.ts';
import { pgConnection } from '../../src/db/postgres-store.ts';
import { randomBase32 } from '../../src/ids.ts';
import { silentLogger } from '../../src/logger.ts';
import { copyPgliteTemplate, onPostgres, withEmptyPostgres } from '../support/test-database.ts';

function holdInChild(folder: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/hold-database.ts', folder], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((done, fail) => {
    let err = '';
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => String(chunk).includes('ready') && done(child));
    child.on('exit', (code) => fail(new Error(`holder exited ${code}: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((done) => child.once('exit', done));

describe('embedded PGlite store', () => {
  it('refuses a second process on the same folder, and takes over the lock of a dead one', async () => {
    const folder = copyPgliteTemplate();
    const holder = await holdInChild(folder);
    await expect(openDatabase({ kind: 'pglite', folder }, { log: silentLogger })).rejects.toThrow(
      `in use by another Tally process (pid ${holder.pid})`,
    );
    holder.kill('SIGKILL');
    await exited(holder);
    expect(readFileSync(join(folder, 'tally.lock'), 'utf8')).toBe(String(holder.pid)); // stale lock left behind
    const db = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
    expect(await db.prisma.team.count()).toBe(0);
    await db.close();
    expect(existsSync(join(folder, 'tally.lock'))).toBe(false);
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('a holder stopped with SIGTERM closes cleanly and releases the folder', async () => {
    const folder = copyPgliteTemplate();
    const holder = await holdInChild(folder);
    holder.kill('SIGTERM');
    expect(await exited(holder)).toBe(0);
    expect(existsSync(join(folder, 'tally.lock'))).toBe(false);
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('recovers from an interrupted first boot and reopens without migrating twice', async () => {
    const folder = resolve('.tally-test', `boot-${randomBase32(6)}`);
    mkdirSync(join(folder, 'pgdata.init-99999'), { recursive: true });
    writeFileSync(join(folder, 'pgdata.init-99999', 'half-written'), 'x');
    let told = 0;
    const first = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger, onFirstBoot: () => told++ });
    await first.prisma.team.create({ data: { id: 'TKEEP', name: 'Kept' } });
    await first.close();
    expect(existsSync(join(folder, 'pgdata.init-99999'))).toBe(false);
    const again = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger, onFirstBoot: () => told++ });
    expect(told).toBe(1);
    expect((await again.prisma.team.findUniqueOrThrow({ where: { id: 'TKEEP' } })).name).toBe('Kept');
    expect(await again.prisma.$queryRawUnsafe<unknown[]>('SELECT 1 FROM "_prisma_migrations"')).toHaveLength(
      readMigrations(MIGRATIONS_FOLDER).length,
    );
    await again.close();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);
});

describe.runIf(onPostgres)('PostgreSQL migrations', () => {
  it('two processes starting at once apply each migration exactly once', async () => {
    await withEmptyPostgres('mig', async (url) => {
      const migrations = readMigrations(MIGRATIONS_FOLDER);
      const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
      await Promise.all(clients.map((c) => c.connect()));
      const reports = await Promise.all(
        clients.map((c) => applyMigrations(pgConnection(c), migrations, { advisoryLock: true })),
      );
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, migrations.length]);
      const rows = await clients[0]!.query('SELECT migration_name FROM "_prisma_migrations"');
      expect(rows.rowCount).toBe(migrations.length);
      await Promise.all(clients.map((c) => c.end()));
    });
  }, 60_000);
});
