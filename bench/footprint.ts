// `npm start` with Slack (HTTP mode, against the local fake Slack), measured from outside, on
// PGlite and on PostgreSQL, beside issue 11's goals: warm start (spawning npm to the first 200 from
// GET /healthz, the median of BENCH_RUNS starts on a database already set up), resident memory
// once idle (the bot's node process with its threads, and the whole process group with npm), and
// CPU while idle over BENCH_IDLE_S seconds (30): the bot's, its group's, and on PostgreSQL the
// server's backends for its database (polling costs there too). Whatever `npm start` runs is what is measured.
// Run: npx tsx bench/footprint.ts [checkout …]   (each checkout's own `npm start`; default: this one,
// so a baseline checkout and this one are measured in the same run on the same machine)
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { FakeSlack, SIGNING_SECRET } from '../test/support/fake-slack.ts';
import { freePort } from '../test/support/free-port.ts';
import { descendantsOf } from '../test/support/process-tree.ts';
import { BENCH_PG_URL, withScratchFolder, withScratchPostgres } from './scratch-databases.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Idling is measured from this long after the first 200. The jobs' first runs (each query's first
// compile, the code's JIT) fall in the first minute: BENCH_SETTLE_S=65 leaves them out (steady state).
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 5) * 1000;
const IDLE_MS = Number(process.env.BENCH_IDLE_S ?? 30) * 1000;
const TICKS_PER_S = 100; // USER_HZ on Linux
const GOALS = {
  pglite: { startMs: 2_500, rssMb: 300 },
  postgres: { startMs: 2_000, rssMb: 200 },
  cpuPercent: 0.5,
};

type Kind = 'pglite' | 'postgres';
interface Footprint {
  startMs: number;
  botRssMb: number;
  groupRssMb: number;
  botCpu: number;
  groupCpu: number;
  /** PostgreSQL's backends for the bot's database. */
  dbCpu: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

const read = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(read(pid, 'status'))?.[1] ?? 0) / 1024;
/** utime + stime in clock ticks ("pid (comm) state …": fields after the last ')'). */
function cpuTicks(pid: number): number {
  const stat = read(pid, 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

/** The bot: the node process under npm that is not npm (npm may exec it directly or through sh). */
function botPid(npm: ChildProcess): number {
  const found = descendantsOf(npm.pid!).find((pid) => {
    const cmdline = read(pid, 'cmdline').split('\0');
    return /(^|\/)node$/.test(cmdline[0] ?? '') && !cmdline.some((arg) => /npm(-cli)?(\.js)?$/.test(arg));
  });
  if (!found) throw new Error('no node process under npm start');
  return found;
}

/**
 * CPU ticks used by PostgreSQL's backends for `database` (with PostgreSQL, a poll's work is mostly
 * theirs) while `idle` runs: sampled every second, as the pool closes idle connections and opens
 * new ones (a new backend counts from its start, one that ends with its last sample).
 */
async function backendTicksDuring(database: string | undefined, idle: Promise<unknown>): Promise<number> {
  if (!database) {
    await idle;
    return 0;
  }
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  const seen = new Map<number, { first: number; last: number }>();
  let first = true;
  const sample = async () => {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    for (const { pid } of rows) {
      const now = cpuTicks(pid);
      if (now === 0) continue;
      const known = seen.get(pid);
      if (known) known.last = now;
      else seen.set(pid, { first: first ? now : 0, last: now });
    }
    first = false;
  };
  let done = false;
  void idle.finally(() => (done = true));
  try {
    while (!done) {
      await sample();
      await Promise.race([idle, sleep(1_000)]);
    }
    await sample();
  } finally {
    await admin.end();
  }
  return [...seen.values()].reduce((sum, { first: from, last }) => sum + last - from, 0);
}

/** CPU ticks of the bot and of npm's whole tree, read at one moment. */
function ticks(npm: ChildProcess, bot: number) {
  return { bot: cpuTicks(bot), group: [npm.pid!, ...descendantsOf(npm.pid!)].reduce((t, p) => t + cpuTicks(p), 0) };
}

async function startOnce(checkout: string, env: NodeJS.ProcessEnv, idleMs: number): Promise<Footprint> {
  const port = await freePort();
  const started = performance.now();
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: checkout,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => npm.once('exit', done));
  try {
    while (!(await healthy(port))) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}`);
      await sleep(20);
    }
    const startMs = performance.now() - started;
    if (idleMs === 0) return { startMs, botRssMb: 0, groupRssMb: 0, botCpu: 0, groupCpu: 0, dbCpu: 0 };
    await sleep(SETTLE_MS);
    const bot = botPid(npm);
    const before = ticks(npm, bot);
    const from = performance.now();
    const idle = sleep(idleMs);
    const dbTicks = await backendTicksDuring(env.DATABASE_URL && new URL(env.DATABASE_URL).pathname.slice(1), idle);
    const after = ticks(npm, bot);
    const seconds = (performance.now() - from) / 1000;
    const percent = (used: number) => (100 * used) / TICKS_PER_S / seconds;
    return {
      startMs,
      botRssMb: rssMb(bot),
      groupRssMb: [npm.pid!, ...descendantsOf(npm.pid!)].reduce((sum, pid) => sum + rssMb(pid), 0),
      botCpu: percent(after.bot - before.bot),
      groupCpu: percent(after.group - before.group),
      dbCpu: percent(dbTicks),
    };
  } finally {
    npm.kill('SIGTERM');
    await exited;
  }
}

/** A first start sets the database up (not counted), then RUNS warm starts; the last one idles. */
async function measure(checkout: string, kind: Kind, env: NodeJS.ProcessEnv): Promise<Footprint> {
  await startOnce(checkout, env, 0);
  const starts: number[] = [];
  let last: Footprint | undefined;
  for (let run = 1; run <= RUNS; run++) {
    last = await startOnce(checkout, env, run === RUNS ? IDLE_MS : 0);
    starts.push(last.startMs);
  }
  starts.sort((a, b) => a - b);
  const median = starts[Math.floor(starts.length / 2)]!;
  const f = { ...last!, startMs: median };
  const goal = GOALS[kind];
  const cell = (text: string, width: number) => text.padStart(width);
  console.log(
    `${kind.padEnd(9)} ${cell(`${(f.startMs / 1000).toFixed(2)} s`, 8)} (≤ ${goal.startMs / 1000} s)` +
      `${cell(`${f.botRssMb.toFixed(0)} MB`, 9)} (≤ ${goal.rssMb} MB) ${cell(`${f.groupRssMb.toFixed(0)} MB`, 7)}` +
      `${cell(`${f.botCpu.toFixed(2)} %`, 10)} (≤ ${GOALS.cpuPercent} %) ${cell(`${f.groupCpu.toFixed(2)} %`, 7)}` +
      (kind === 'postgres' ? cell(`${f.dbCpu.toFixed(2)} %`, 9) : ''),
  );
  return f;
}

async function main() {
  const checkouts = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : [process.cwd()];
  const fake = await new FakeSlack().start();
  const slack = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl };
  try {
    for (const checkout of checkouts) {
      console.log(
        `\n${checkout}: npm start, Slack HTTP mode; warm start = median of ${RUNS}; idle ${IDLE_MS / 1000} s from ${SETTLE_MS / 1000} s after it`,
      );
      console.log('database  warm start           bot RSS           group   bot CPU              group   PG backends');
      await withScratchFolder((folder) => measure(checkout, 'pglite', { ...slack, TALLY_DATA_DIR: folder }));
      await withScratchPostgres('tally_bench_footprint', (url) =>
        measure(checkout, 'postgres', { ...slack, DATABASE_URL: url }),
      );
    }
  } finally {
    await fake.stop();
  }
}

await main();
