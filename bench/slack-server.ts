// The server side of bench/slack-commands.ts, in a process of its own as it is deployed (Slack is
// another machine): the measuring client, the fake Slack and the server do not share an event loop.
// BENCH_SERVER=bare: a Bolt app that only acks; =tally: Tally's Slack adapter on Tally's HTTP
// application, on BENCH_PGLITE_FOLDER or BENCH_POSTGRES_URL, working on BENCH_CONCURRENCY commands
// at once. Prints its port as one JSON line; answers 'loop' messages with its event loop's figures.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { App } from '@slack/bolt';
import { httpApp } from '../adapters/http/http-app.ts';
import { serveHttp } from '../adapters/http/serve-http.ts';
import { createSlackAdapter } from '../adapters/slack/slack-app.ts';
import { type DatabaseTarget, openDatabase } from '../src/db/open-database.ts';
import { silentLogger } from '../src/logger.ts';
import { SIGNING_SECRET } from '../test/support/fake-slack.ts';
import { benchDeps } from './bench-deps.ts';

export interface LoopFigures {
  /** The longest event-loop delay since `start`, ms. */
  stallMax: number;
  /** The share of time the event loop was busy since `start`, %. */
  loopBusy: number;
}

const silentBolt = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as never,
  setName() {},
};

async function bare(apiUrl: string): Promise<{ port: number; stop(): Promise<void> }> {
  const app = new App({
    token: 'xoxb-bare',
    signingSecret: SIGNING_SECRET,
    clientOptions: { slackApiUrl: apiUrl },
    logger: silentBolt,
  });
  app.command(/.*/, async ({ ack }) => ack());
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop() as Promise<void> };
}

async function tally(apiUrl: string): Promise<{ port: number; stop(): Promise<void> }> {
  const target: DatabaseTarget = process.env.BENCH_POSTGRES_URL
    ? { kind: 'postgres', url: process.env.BENCH_POSTGRES_URL, poolSize: 16 }
    : { kind: 'pglite', folder: process.env.BENCH_PGLITE_FOLDER! };
  const database = await openDatabase(target, { log: silentLogger });
  const adapter = createSlackAdapter(
    { mode: 'http', botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, apiUrl },
    { log: silentLogger, concurrency: Number(process.env.BENCH_CONCURRENCY) },
  );
  await adapter.start(benchDeps(database));
  const server = await serveHttp(httpApp(adapter.routes), 0, '127.0.0.1');
  return {
    port: server.port!,
    async stop() {
      await server.close();
      await adapter.stop();
      await database.close();
    },
  };
}

const apiUrl = process.env.BENCH_SLACK_API_URL!;
const running = process.env.BENCH_SERVER === 'bare' ? await bare(apiUrl) : await tally(apiUrl);
const stalls = monitorEventLoopDelay({ resolution: 10 });
let since = performance.eventLoopUtilization();
process.on('message', async (message) => {
  if (message === 'loop-start') {
    stalls.reset();
    stalls.enable();
    since = performance.eventLoopUtilization();
    process.send!('ok');
  } else if (message === 'loop') {
    stalls.disable();
    const figures: LoopFigures = {
      stallMax: stalls.max / 1e6,
      loopBusy: performance.eventLoopUtilization(since).utilization * 100,
    };
    process.send!(figures);
  } else if (message === 'stop') {
    await running.stop();
    process.exit(0);
  }
});
console.log(JSON.stringify({ port: running.port }));
