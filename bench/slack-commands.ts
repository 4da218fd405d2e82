// Signed Slack slash commands over HTTP against the real Bolt app, at 1, 16 and 64 concurrent
// connections: p50/p99 time to the HTTP answer (Slack's 3-second ack) and to the answer posted to
// response_url, and throughput; then a burst of BENCH_BURST (200) commands sent at once, each on
// its own connection: acks over 3 s, ack p50/p99/max, answer p50/p99. Beside a bare Bolt app that
// only acks, in the same run, on PGlite and on PostgreSQL. Each server runs in a process of its own
// (bench/slack-server.ts), as it would with Slack on another machine; this process is Slack.
// Run: npx tsx bench/slack-commands.ts  (BENCH_N requests per concurrency case, 0 skips them;
// BENCH_DATABASES=pglite or =postgres runs one; BENCH_RESPONSE_MS delays the fake's response_url
// answers; BENCH_CONCURRENCY overrides the commands worked on at once, src/db/command-concurrency.ts).

import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { commandConcurrency } from '../src/db/command-concurrency.ts';
import type { DatabaseTarget } from '../src/db/open-database.ts';
import { slashCommand } from '../test/fixtures/slack-payloads.ts';
import { FakeSlack, slackSignature } from '../test/support/fake-slack.ts';
import { percentile, runConcurrently } from './load.ts';
import { withScratchFolder, withScratchPostgres } from './scratch-databases.ts';
import type { LoopFigures } from './slack-server.ts';

const N = Number(process.env.BENCH_N ?? 240);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
// Real Slack takes 100-300 ms to answer a response_url post; the fake answers at once unless told.
const RESPONSE_MS = Number(process.env.BENCH_RESPONSE_MS ?? 0);
// Slack shows the user an error when the HTTP answer takes longer.
const ACK_DEADLINE_MS = 3000;

interface ServerUnderTest {
  port: number;
  /** Starts measuring the server's event loop; `loop` returns what it measured since. */
  loopStart(): Promise<void>;
  loop(): Promise<LoopFigures>;
  stop(): Promise<void>;
}

/** Starts bench/slack-server.ts in a process of its own with `env`, once it says its port. */
async function startServer(env: Record<string, string>): Promise<ServerUnderTest> {
  const child = fork(new URL('./slack-server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code) => fail(new Error(`the server under test exited (${code})`))),
  );
  exited.catch(() => {});
  const lines = createInterface({ input: child.stdout! });
  const first = new Promise<string>((done) => lines.once('line', done));
  const { port } = JSON.parse(await Promise.race([first, exited])) as { port: number };
  const ask = <T>(message: string) =>
    new Promise<T>((done) => {
      child.once('message', (answer) => done(answer as T));
      child.send(message);
    });
  return {
    port,
    loopStart: () => ask<void>('loop-start'),
    loop: () => ask<LoopFigures>('loop'),
    async stop() {
      child.send('stop');
      await new Promise((done) => child.once('exit', done));
    },
  };
}

/** `agent: false` opens a connection of its own. */
function post(port: number, agent: Agent | false, body: string): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': ts,
          'x-slack-signature': slackSignature(body, ts),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

interface Result {
  ackP50: number;
  ackP99: number;
  answerP50: number;
  answerP99: number;
  perSecond: number;
}

async function load(
  port: number,
  fake: FakeSlack,
  concurrency: number,
  waitForAnswer: boolean,
  tag: string,
): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const acks: number[] = [];
  const answers: number[] = [];
  const pending = new Map<string, () => void>();
  fake.onResponse = (id) => pending.get(id)?.();
  const perSecond = await runConcurrently(N, concurrency, async (i) => {
    const id = `${tag}-${i}`;
    const text = i % 2 === 0 ? '' : `volume 10 ${tag}-${i}`;
    const body = slashCommand('alice', i % 2 === 0 ? '/credits' : '/launch', text, fake.responseUrl(id), randomUUID());
    const answered = waitForAnswer ? new Promise<void>((done) => pending.set(id, done)) : Promise.resolve();
    const t0 = performance.now();
    const status = await post(port, agent, body);
    if (status !== 200) throw new Error(`status ${status}`);
    acks.push(performance.now() - t0);
    await answered;
    answers.push(performance.now() - t0);
  });
  agent.destroy();
  return {
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    answerP50: percentile(answers, 50),
    answerP99: percentile(answers, 99),
    perSecond,
  };
}

interface BurstResult {
  overDeadline: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  answerP50: number;
  answerP99: number;
  /** The server's longest event-loop stall and its busy share, from the send to the last answer. */
  stallMax: number;
  loopBusy: number;
}

/** Sends `BURST` commands at the same moment, each on its own connection, as a busy workspace would. */
async function burst(
  server: ServerUnderTest,
  fake: FakeSlack,
  waitForAnswer: boolean,
  tag: string,
): Promise<BurstResult> {
  const pending = new Map<string, () => void>();
  fake.onResponse = (id) => pending.get(id)?.();
  const requests = Array.from({ length: BURST }, (_, i) => {
    const id = `${tag}-${i}`;
    const text = i % 2 === 0 ? '' : `volume 10 ${tag}-${i}`;
    const answered = waitForAnswer ? new Promise<void>((done) => pending.set(id, done)) : Promise.resolve();
    return {
      body: slashCommand('alice', i % 2 === 0 ? '/credits' : '/launch', text, fake.responseUrl(id), randomUUID()),
      answered,
    };
  });
  const acks: number[] = [];
  const answers: number[] = [];
  await server.loopStart();
  const t0 = performance.now();
  await Promise.all(
    requests.map(async ({ body, answered }) => {
      const status = await post(server.port, false, body);
      if (status !== 200) throw new Error(`status ${status}`);
      acks.push(performance.now() - t0);
      await answered;
      answers.push(performance.now() - t0);
    }),
  );
  const loop = await server.loop();
  return {
    overDeadline: acks.filter((ms) => ms > ACK_DEADLINE_MS).length,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    ackMax: Math.max(...acks),
    answerP50: waitForAnswer ? percentile(answers, 50) : NaN,
    answerP99: waitForAnswer ? percentile(answers, 99) : NaN,
    ...loop,
  };
}

function printBurst(backend: string, who: string, concurrency: number | undefined, r: BurstResult) {
  const f = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(0)).padStart(9);
  console.log(
    `${backend.padEnd(10)} ${who.padEnd(9)} ${String(concurrency ?? '-').padStart(4)} ${String(BURST).padStart(5)} ${String(r.overDeadline).padStart(9)} ${f(r.ackP50)} ${f(r.ackP99)} ${f(r.ackMax)} ${f(r.answerP50)} ${f(r.answerP99)} ${f(r.stallMax)} ${f(r.loopBusy)}`,
  );
}

function print(backend: string, who: string, concurrency: number, r: Result) {
  const f = (n: number) => n.toFixed(1).padStart(9);
  console.log(
    `${backend.padEnd(10)} ${who.padEnd(9)} ${String(concurrency).padStart(4)} ${f(r.ackP50)} ${f(r.ackP99)} ${f(r.answerP50)} ${f(r.answerP99)} ${f(r.perSecond)}`,
  );
}

/** Runs the concurrency cases (printed as they finish) and the bursts (returned, printed last). */
async function runOn(
  backend: string,
  databaseEnv: Record<string, string>,
  fake: FakeSlack,
  bare: ServerUnderTest,
  concurrency: number,
): Promise<(() => void)[]> {
  const tally = await startServer({
    BENCH_SERVER: 'tally',
    BENCH_SLACK_API_URL: fake.apiUrl,
    BENCH_CONCURRENCY: String(concurrency),
    ...databaseEnv,
  });
  const seed = (text: string) =>
    post(
      tally.port,
      new Agent(),
      slashCommand('alice', '/team', text, fake.responseUrl(`seed-${randomUUID()}`), randomUUID()),
    );
  await seed('create Bench');
  await post(
    tally.port,
    new Agent(),
    slashCommand('alice', '/credits', 'add 1000000', fake.responseUrl('seed-topup'), randomUUID()),
  );
  await new Promise((done) => setTimeout(done, 500));
  for (const concurrency of N > 0 ? [1, 16, 64] : []) {
    print(
      backend,
      'bare Bolt',
      concurrency,
      await load(bare.port, fake, concurrency, false, `b${backend}${concurrency}`),
    );
    print(backend, 'Tally', concurrency, await load(tally.port, fake, concurrency, true, `t${backend}${concurrency}`));
  }
  const bareBurst = await burst(bare, fake, false, `bb${backend}`);
  const tallyBurst = await burst(tally, fake, true, `tb${backend}`);
  await tally.stop();
  return [
    () => printBurst(backend, 'bare Bolt', undefined, bareBurst),
    () => printBurst(backend, 'Tally', concurrency, tallyBurst),
  ];
}

const concurrencyFor = (target: DatabaseTarget) => Number(process.env.BENCH_CONCURRENCY ?? commandConcurrency(target));

async function main() {
  const fake = await new FakeSlack().start();
  fake.responseDelayMs = RESPONSE_MS;
  const bare = await startServer({ BENCH_SERVER: 'bare', BENCH_SLACK_API_URL: fake.apiUrl });

  console.log(
    `${N} requests per case (half /credits, half /launch volume); times in ms\n${'backend'.padEnd(10)} ${'app'.padEnd(9)} conc   ack p50   ack p99 answer p50 answer p99     req/s`,
  );
  const bursts: (() => void)[] = [];
  if (DATABASES.includes('pglite'))
    await withScratchFolder(async (folder) => {
      const concurrency = concurrencyFor({ kind: 'pglite', folder });
      bursts.push(...(await runOn('PGlite', { BENCH_PGLITE_FOLDER: folder }, fake, bare, concurrency)));
    });
  if (DATABASES.includes('postgres'))
    await withScratchPostgres('tally_bench_slack', async (url) => {
      const concurrency = concurrencyFor({ kind: 'postgres', url, poolSize: 16 });
      bursts.push(...(await runOn('PostgreSQL', { BENCH_POSTGRES_URL: url }, fake, bare, concurrency)));
    });
  console.log(
    `\n${BURST} commands sent at once, each on its own connection (conc: commands worked on at once); times in ms from the send;\nmax stall: the server's longest event-loop delay, loop busy: its utilisation, send to last answer\n${'backend'.padEnd(10)} ${'app'.padEnd(9)} conc burst  acks >3 s   ack p50   ack p99   ack max answer p50 answer p99 max stall  loop busy %`,
  );
  for (const print of bursts) print();
  await bare.stop();
  await fake.stop();
}

await main();
