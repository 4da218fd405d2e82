// How long a top-up and a charge of a team take while one of its launches waits on a slow cloud
// call (BENCH_CLOUD_MS, 10 s by default): the launch reserves, asks the cloud outside any
// transaction, then confirms, so both should take milliseconds, not the cloud's 10 s. On PGlite and
// on PostgreSQL. The suite checks that they go through while the call is out
// (test/integration/launch-reservations.test.ts); this measures the times.
// Run: npm run bench:launch-lock  (BENCH_CLOUD_MS, BENCH_DATABASES=pglite or =postgres, BENCH_DATABASE_URL).

import { randomUUID } from 'node:crypto';
import { consoleMention } from '../adapters/console/console-session.ts';
import { type Database, openDatabase } from '../src/db/open-database.ts';
import { dispatchLine } from '../src/dispatch.ts';
import { silentLogger } from '../src/logger.ts';
import { sourceText } from '../src/rich-text.ts';
import { scriptedCompute } from '../test/support/scripted-compute.ts';
import { benchDeps } from './bench-deps.ts';
import { withScratchFolder, withScratchPostgres } from './scratch-databases.ts';

const CLOUD_MS = Number(process.env.BENCH_CLOUD_MS ?? 10_000);
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');

async function measure(backend: string, database: Database) {
  const cloud = scriptedCompute();
  const deps = { ...benchDeps(database), compute: cloud.compute };
  const identity = { platform: 'console', workspaceId: 'bench', platformUserId: 'alice', displayName: 'alice' };
  const say = async (line: string) => {
    const at = performance.now();
    const reply = await dispatchLine(deps, {
      identity,
      line,
      resolveMention: consoleMention,
      idempotencyKey: randomUUID(),
      origin: { platform: 'console' },
    });
    if (reply.tone === 'error') throw new Error(`${line}: ${sourceText(reply.text)}`);
    return performance.now() - at;
  };
  await say('/team create Acme');
  const team = await database.prisma.team.findFirstOrThrow({ where: { name: 'Acme' } });
  await say(`/credits grant 50 start team:${team.id}`);

  cloud.script.delayMs = CLOUD_MS;
  const slow = say('/launch instance h100 slow team:Acme');
  await new Promise((done) => setTimeout(done, 200)); // the reservation is committed; the call is out
  const topUp = await say(`/credits grant 5 meanwhile team:${team.id}`);
  cloud.script.delayMs = 0;
  const charge = await say('/launch instance h100 quick team:Acme');
  const launch = await slow;
  console.log(
    `${backend.padEnd(10)} ${launch.toFixed(0).padStart(10)} ${topUp.toFixed(0).padStart(10)} ${charge.toFixed(0).padStart(10)}`,
  );
}

console.log(`a launch whose cloud call takes ${CLOUD_MS} ms; times in ms`);
console.log(`${'backend'.padEnd(10)} ${'launch'.padStart(10)} ${'top-up'.padStart(10)} ${'charge'.padStart(10)}`);
if (DATABASES.includes('pglite'))
  await withScratchFolder(async (folder) => {
    const database = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
    try {
      await measure('PGlite', database);
    } finally {
      await database.close();
    }
  });
if (DATABASES.includes('postgres'))
  await withScratchPostgres('tally_bench_launch', async (url) => {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 }, { log: silentLogger });
    try {
      await measure('PostgreSQL', database);
    } finally {
      await database.close();
    }
  });
