// `npm start` with Slack (HTTP mode, against the local fake Slack) on the embedded database:
// time from spawning npm to the first 200 from GET /healthz, and the bot's resident memory (RSS,
// the node process with all its threads) once it has idled for a few seconds. A first boot
// (initdb) and later starts on the same folder. Run: npx tsx bench/start-up.ts  (BENCH_RUNS, 3).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FakeSlack, SIGNING_SECRET } from '../test/support/fake-slack.ts';
import { freePort } from '../test/support/free-port.ts';
import { descendantsOf } from '../test/support/process-tree.ts';
import { withScratchFolder } from './scratch-databases.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_MS = 5_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

/** npm execs node, so the bot is the node process under npm (npm's own is its parent). */
function botRssMb(npm: ChildProcess): number {
  const node = [npm.pid!, ...descendantsOf(npm.pid!)].find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bin/tally.ts');
    } catch {
      return false;
    }
  });
  const status = readFileSync(`/proc/${node}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function startOnce(folder: string, apiUrl: string): Promise<{ startMs: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const npm = spawn('npm', ['start', '--silent'], {
    env: {
      ...process.env,
      TALLY_DATA_DIR: folder,
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => npm.once('exit', done));
  try {
    while (!(await healthy(port))) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}`);
      await sleep(20);
    }
    const startMs = performance.now() - started;
    await sleep(IDLE_MS);
    return { startMs, rssMb: botRssMb(npm) };
  } finally {
    npm.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  const fake = await new FakeSlack().start();
  console.log(
    `npm start (Slack HTTP mode, PGlite): ms to the first 200 from /healthz; RSS after ${IDLE_MS / 1000} s idle`,
  );
  await withScratchFolder(async (folder) => {
    for (let run = 0; run <= RUNS; run++) {
      const { startMs, rssMb } = await startOnce(folder, fake.apiUrl);
      console.log(
        `${(run === 0 ? 'first boot' : `start ${run}`).padEnd(11)} ${startMs.toFixed(0).padStart(6)} ms ${rssMb.toFixed(0).padStart(5)} MB`,
      );
    }
  });
  await fake.stop();
}

await main();
