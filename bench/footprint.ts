// `npm start` with Slack (HTTP mode, against the local fake Slack), measured from outside, on
// PGlite and on PostgreSQL, beside issue 11's goals: warm start (spawning npm to the first 200 from
// GET /healthz, the median of BENCH_RUNS starts on a database already set up), resident memory
// once idle (the bot's node process with its threads, and the whole process group with npm), and
// CPU while idle over two windows of BENCH_IDLE_S seconds (30): the bot's, its group's, and on
// PostgreSQL the server's backends for its database (polling costs there too). The first window
// starts BENCH_SETTLE_S (5) after the first 200 and holds one-time costs: V8's memory reducer
// compacting the heaps start-up left (a few full GCs on both threads, about 8 to 20 s after start)
// and the jobs' first runs (metering's first minute, each query's first compile). The steady one
// starts BENCH_STEADY_S (65; 0 leaves it out) after the first 200: what idling costs from then on,
// the figure beside the goal. Whatever `npm start` runs is what is measured.
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
// Idling is measured from this long after the first 200 (the first window, with the one-time
// costs), and again from STEADY_MS after it (the steady state).
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 5) * 1000;
const STEADY_MS = Number(process.env.BENCH_STEADY_S ?? 65) * 1000;
const IDLE_MS = Number(process.env.BENCH_IDLE_S ?? 30) * 1000;
const TICKS_PER_S = 100; // USER_HZ on Linux
const GOALS = {
  pglite: { startMs: 2_500, rssMb: 300 },
  postgres: { startMs: 2_000, rssMb: 200 },
  cpuPercent: 0.5,
};

type Kind = 'pglite' | 'postgres';
/** CPU over one idle window, in % of one core. */
interface IdleCpu {
  botCpu: number;
  groupCpu: number;
  /** PostgreSQL's backends for the bot's database. */
  dbCpu: number;
}
interface Footprint {
  startMs: number;
  botRssMb: number;
  groupRssMb: number;
  /** From SETTLE_MS after the first 200, with the one-time costs. */
  first: IdleCpu;
  /** From STEADY_MS after the first 200; undefined when left out. */
  steady?: IdleCpu;
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
    const healthyAt = performance.now();
    const startMs = healthyAt - started;
    const none = { botCpu: 0, groupCpu: 0, dbCpu: 0 };
    if (idleMs === 0) return { startMs, botRssMb: 0, groupRssMb: 0, first: none };
    const bot = botPid(npm);
    const database = env.DATABASE_URL && new URL(env.DATABASE_URL).pathname.slice(1);
    /** CPU used from `fromMs` after the first 200, for idleMs. */
    const window = async (fromMs: number): Promise<IdleCpu> => {
      await sleep(healthyAt + fromMs - performance.now());
      const before = ticks(npm, bot);
      const from = performance.now();
      const dbTicks = await backendTicksDuring(database, sleep(idleMs));
      const after = ticks(npm, bot);
      const seconds = (performance.now() - from) / 1000;
      const percent = (used: number) => (100 * used) / TICKS_PER_S / seconds;
      return {
        botCpu: percent(after.bot - before.bot),
        groupCpu: percent(after.group - before.group),
        dbCpu: percent(dbTicks),
      };
    };
    const first = await window(SETTLE_MS);
    const botRssMb = rssMb(bot);
    const groupRssMb = [npm.pid!, ...descendantsOf(npm.pid!)].reduce((sum, pid) => sum + rssMb(pid), 0);
    const steady = STEADY_MS > 0 ? await window(Math.max(STEADY_MS, SETTLE_MS + idleMs)) : undefined;
    return { startMs, botRssMb, groupRssMb, first, ...(steady && { steady }) };
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
  const cpu = (label: string, c: IdleCpu, goal: string) =>
    `${label.padEnd(8)}${cell(`${c.botCpu.toFixed(2)} %`, 8)} ${goal.padEnd(10)}${cell(`${c.groupCpu.toFixed(2)} %`, 7)}` +
    (kind === 'postgres' ? cell(`${c.dbCpu.toFixed(2)} %`, 9) : '');
  const head =
    `${kind.padEnd(9)} ${cell(`${(f.startMs / 1000).toFixed(2)} s`, 8)} (≤ ${goal.startMs / 1000} s)` +
    `${cell(`${f.botRssMb.toFixed(0)} MB`, 9)} (≤ ${goal.rssMb} MB) ${cell(`${f.groupRssMb.toFixed(0)} MB`, 7)}  `;
  const goalCpu = `(≤ ${GOALS.cpuPercent} %)`;
  // The goal stands beside the steady window; the first one's figure includes one-time costs.
  console.log(head + cpu('first', f.first, f.steady ? '' : goalCpu));
  if (f.steady) console.log(' '.repeat(head.length) + cpu('steady', f.steady, goalCpu));
  return f;
}

async function main() {
  const checkouts = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : [process.cwd()];
  const fake = await new FakeSlack().start();
  const slack = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    // A deployment has its operators; without, start-up warns in the middle of the table.
    TALLY_OPERATORS: 'slack:TBENCH:UBENCH',
  };
  try {
    for (const checkout of checkouts) {
      console.log(
        `\n${checkout}: npm start, Slack HTTP mode; warm start = median of ${RUNS}; idle ${IDLE_MS / 1000} s ` +
          `from ${SETTLE_MS / 1000} s after it (first: with one-time warm-up)` +
          (STEADY_MS > 0 ? ` and from ${Math.max(STEADY_MS, SETTLE_MS + IDLE_MS) / 1000} s (steady)` : ''),
      );
      console.log(
        'database  warm start           bot RSS           group    window   bot CPU             group   PG backends',
      );
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
