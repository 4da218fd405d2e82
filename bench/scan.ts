// scanBalances and meterResources over 100,000 teams and 20,000 running resources on PostgreSQL:
// time per run and memory, beside a raw-SQL baseline that only reads the same rows, in one run.
// Run: npx tsx bench/scan.ts  (BENCH_TEAMS, BENCH_RESOURCES to change the sizes).
import pg from 'pg';
import { HOUR, manualClock } from '../src/clock.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { drainOutbox } from '../src/jobs/drain-outbox.ts';
import { scanBalances } from '../src/jobs/scan-balances.ts';
import { silentLogger } from '../src/logger.ts';
import { simulatedCompute } from '../src/ports/compute.ts';
import { meterResources } from '../src/resources/metering.ts';
import { withScratchPostgres } from './scratch-databases.ts';

const TEAMS = Number(process.env.BENCH_TEAMS ?? 100_000);
const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20_000);
const START = new Date('2026-11-25T00:00:00Z');

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Set-based inserts: the benchmark measures the jobs, not the seeding.
  // 5,000 alert channels shared by the teams, so the outbox has recipients and pacing has work.
  await client.query(
    `INSERT INTO "Team" (id, name, "balanceCents", "lowBalanceCents", "alertTier", "alertChannel", "alertChannelPlatform", "alertChannelWorkspace")
    SELECT 'T' || lpad(i::text, 9, '0'), 'team ' || i, 500 + (i % 5000), 1000, 'none', 'C' || lpad((i % 5000)::text, 6, '0'), 'slack', 'T0BENCH'
    FROM generate_series(1, $1) i`,
    [TEAMS],
  );
  await client.query(
    `INSERT INTO "LedgerEntry" (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey")
    SELECT gen_random_uuid()::text, 'T' || lpad(i::text, 9, '0'), 'top_up', 500 + (i % 5000), 500 + (i % 5000), 'seed' FROM generate_series(1, $1) i`,
    [TEAMS],
  );
  await client.query(
    `INSERT INTO "Resource" (id, "teamId", kind, name, "liveName", spec, "hourlyCents", "providerId", "launchedById", "startedAt", "paidUntil")
    SELECT gen_random_uuid()::text, 'T' || lpad((1 + (i * 7) % $2)::text, 9, '0'), 'instance', 'r' || i, 'r' || i, 'h100', 249, 'sim-' || i, 'bench', $3, $4
    FROM generate_series(1, $1) i`,
    [RESOURCES, TEAMS, START, new Date(START.getTime() + HOUR)],
  );
  await client.query('ANALYZE');
  await client.end();
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  console.log(
    `${label.padEnd(34)} ${ms.toFixed(0).padStart(8)} ms   rss +${((process.memoryUsage().rss - before) / 1e6).toFixed(0).padStart(4)} MB   ${JSON.stringify(result).slice(0, 80)}`,
  );
  return result;
}

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,4').split(',').map(Number);
console.log(`${TEAMS} teams, ${RESOURCES} running resources (PostgreSQL, pool of 8)`);
for (const concurrency of CONCURRENCY) {
  await withScratchPostgres('tally_bench_scan', async (url) => {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 8 }, { log: silentLogger });
    await seed(url);
    const clock = manualClock(new Date(START.getTime() + 5 * 60_000));
    const deps = {
      db: database.prisma,
      clock,
      log: silentLogger,
      compute: simulatedCompute(),
      notifier: { async sendDirect() {}, async sendToChannel() {} },
    };
    const options = { concurrency };
    console.log(`\nteams worked on at once: ${concurrency}`);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await timed(
      'baseline: read teams + resources',
      async () =>
        (
          await raw.query(
            'SELECT t.id, t."balanceCents", r."hourlyCents" FROM "Team" t LEFT JOIN "Resource" r ON r."teamId" = t.id',
          )
        ).rowCount,
    );
    await timed('scanBalances (first: every tier)', () => scanBalances(deps, options));
    await timed('scanBalances (again: nothing new)', () => scanBalances(deps, options));
    await timed('meterResources (nothing due)', () => meterResources(deps, options));
    clock.advance(HOUR);
    await timed('meterResources (every resource due)', () => meterResources(deps, options));
    await timed('meterResources (again: nothing due)', () => meterResources(deps, options));
    const outbox = await raw.query('SELECT count(*) FROM "OutboxMessage"');
    console.log(`outbox rows queued: ${outbox.rows[0].count}`);
    // The pacing claim looks at every unfinished row: time a drain (one batch, a no-op notifier) with the whole queue due.
    await timed('drainOutbox (whole queue due)', () => drainOutbox(deps));
    clock.advance(1000);
    await timed('drainOutbox (next second)', () => drainOutbox(deps));
    await raw.end();
    await database.close();
  });
}
