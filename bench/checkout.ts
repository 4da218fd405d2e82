// Checkouts per second through Tally's core (the full /launch command path: actor, team,
// permission, zod options, ledger, provider, resource, audit), beside a raw-SQL baseline doing
// the same conditional debit + ledger insert + resource insert in one transaction, in the same run,
// on PGlite and on PostgreSQL. Run: npm run bench  (BENCH_N=checkouts per case, BENCH_DATABASE_URL).

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { consoleMention } from '../adapters/console/console-session.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { Deps } from '../src/deps.ts';
import { dispatchLine } from '../src/dispatch.ts';
import { silentLogger } from '../src/logger.ts';
import { sourceText } from '../src/rich-text.ts';
import { benchDeps } from './bench-deps.ts';
import { runConcurrently } from './load.ts';
import { withScratchFolder, withScratchPostgres } from './scratch-databases.ts';

const N = Number(process.env.BENCH_N ?? 400);

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

async function coreCheckouts(deps: Deps, concurrency: number, tag: string): Promise<number> {
  const identity = { platform: 'console', workspaceId: 'bench', platformUserId: 'bench', displayName: 'bench' };
  const say = (line: string, key = randomUUID()) =>
    dispatchLine(deps, {
      identity,
      line,
      resolveMention: consoleMention,
      idempotencyKey: key,
      origin: { platform: 'console' },
    });
  await say(`/team create Bench-${tag}`);
  await say('/credits add 1000000');
  return runConcurrently(N, concurrency, async (i) => {
    const reply = await say(`/launch volume 10 ${tag}-${i}`);
    if (reply.tone !== 'success') throw new Error(sourceText(reply.text));
  });
}

/** The same writes by hand: conditional debit, ledger entry with balance after, resource row. */
async function rawCheckouts(
  withConnection: <T>(fn: (q: Query) => Promise<T>) => Promise<T>,
  concurrency: number,
  tag: string,
): Promise<number> {
  const teamId = `TRAW${tag}`.slice(0, 10).toUpperCase();
  await withConnection((q) =>
    q('INSERT INTO "Team" (id, name, "balanceCents") VALUES ($1, $2, 100000000)', [teamId, `raw-${tag}`]),
  );
  return runConcurrently(N, concurrency, (i) =>
    withConnection(async (q) => {
      await q('BEGIN');
      try {
        const debited = await q(
          'UPDATE "Team" SET "balanceCents" = "balanceCents" - $1 WHERE id = $2 AND "balanceCents" >= $1 RETURNING "balanceCents"',
          [1, teamId],
        );
        if (debited.rows.length !== 1) throw new Error('insufficient');
        const entry = randomUUID();
        await q(
          'INSERT INTO "LedgerEntry" (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey") VALUES ($1, $2, \'charge\', -1, $3, $4)',
          [entry, teamId, debited.rows[0]!.balanceCents, `raw:${i}`],
        );
        const resource = randomUUID();
        await q(
          'INSERT INTO "Resource" (id, "teamId", kind, name, "liveName", spec, "hourlyCents", "providerId", "launchedById", "startedAt", "paidUntil") VALUES ($1, $2, \'volume\', $3, $3, \'10 GB\', 1, \'raw\', \'bench\', now(), now() + interval \'1 hour\')',
          [resource, teamId, `r-${i}`],
        );
        await q('UPDATE "LedgerEntry" SET "resourceId" = $1 WHERE id = $2', [resource, entry]);
        await q('COMMIT');
      } catch (error) {
        await q('ROLLBACK');
        throw error;
      }
    }),
  );
}

function report(backend: string, concurrency: number, core: number, raw: number) {
  console.log(
    `${backend.padEnd(10)} ${String(concurrency).padStart(11)} ${core.toFixed(1).padStart(12)} ${raw.toFixed(1).padStart(12)} ${(core / raw).toFixed(2).padStart(8)}`,
  );
}

async function main() {
  console.log(
    `${N} checkouts per case\n${'backend'.padEnd(10)} ${'concurrency'.padStart(11)} ${'core/s'.padStart(12)} ${'raw SQL/s'.padStart(12)} ${'ratio'.padStart(8)}`,
  );

  await withScratchFolder(async (folder) => {
    const lite = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
    const core = await coreCheckouts(benchDeps(lite), 1, 'l1');
    await lite.close();
    // The raw baseline talks to PGlite directly, without Prisma, on the same folder.
    const raw = await PGlite.create({ dataDir: join(folder, 'pgdata') });
    const rawRate = await rawCheckouts((fn) => fn((sql, params) => raw.query(sql, params) as never), 1, 'l1');
    await raw.close();
    report('PGlite', 1, core, rawRate);
  });

  await withScratchPostgres('tally_bench', async (url) => {
    const postgres = await openDatabase({ kind: 'postgres', url, poolSize: 8 }, { log: silentLogger });
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    pool.on('error', () => {});
    const withPool = async <T>(fn: (q: Query) => Promise<T>) => {
      const client = await pool.connect();
      try {
        return await fn((sql, params) => client.query(sql, params));
      } finally {
        client.release();
      }
    };
    for (const concurrency of [1, 8]) {
      report(
        'PostgreSQL',
        concurrency,
        await coreCheckouts(benchDeps(postgres), concurrency, `p${concurrency}`),
        await rawCheckouts(withPool, concurrency, `p${concurrency}`),
      );
    }
    await postgres.close();
    await pool.end();
  });
}

await main();
