import { userInfo } from 'node:os';
import { ConsoleSession } from '../adapters/console/console-session.ts';
import { runConsole } from '../adapters/console/run-console.ts';
import { createDiscordAdapter } from '../adapters/discord/discord-app.ts';
import { createSlackAdapter } from '../adapters/slack/slack-app.ts';
import { startApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { combineNotifiers } from './ports/notifier.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { startHttpServer, type Handler } from '../adapters/shared/http-server.ts';

const DISCORD_ENDPOINT = '/discord/interactions';

function localName(): string {
  const name = userInfo().username.replace(/[^\w.-]/g, '');
  return name && name !== 'root' ? name : 'alice';
}

const firstBoot = () => process.stderr.write('Preparing the embedded database (first start only, about 10 seconds)…\n');

function onSignals(stop: () => Promise<void>) {
  let stopping = false;
  const handle = (code: number) => () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(code));
  };
  process.on('SIGINT', handle(130));
  process.on('SIGTERM', handle(143));
}

/** With Slack and/or Discord settings: each configured platform, until stopped. */
async function runPlatforms(config: Config) {
  const log = createLogger(config.logLevel);
  // PGlite answers on this very thread, so few commands at once keep acks quick; PostgreSQL takes a pool's worth.
  const concurrency = config.database.kind === 'pglite' ? 2 : config.database.poolSize;
  // Discord's HTTP endpoint shares Slack's port when Slack runs in HTTP mode, else gets its own server.
  let discordInteractions: Handler | undefined;
  const lateDiscord: Handler = async (req, res) => {
    if (discordInteractions) await discordInteractions(req, res);
    else res.writeHead(503).end();
  };
  const shareSlackPort = config.slack?.mode === 'http' && Boolean(config.discord?.publicKey);
  const slack = config.slack && createSlackAdapter(config.slack, { log, concurrency, ...(shareSlackPort && { extraRoutes: [{ path: DISCORD_ENDPOINT, handler: lateDiscord }] }) });
  const discord = config.discord && createDiscordAdapter(config.discord, { log, concurrency });
  const adapters = [slack, discord].filter((a) => a !== undefined);
  const stops = adapters.map((a) => () => a.stop());
  const app = await startApp(config, { log, notifier: combineNotifiers(adapters.map((a) => a.notifier)), onFirstBoot: firstBoot });
  const scheduler = startScheduler(app.deps);
  onSignals(async () => {
    await scheduler.stop();
    await Promise.allSettled(stops.map((stop) => stop()));
    await app.close();
  });
  if (slack) {
    const { port } = await slack.start(app.deps);
    log.info('slack adapter started', { mode: config.slack!.mode, ...(port !== undefined && { port }) });
  }
  if (discord) {
    discordInteractions = (await discord.start(app.deps)).interactions;
    if (discordInteractions && !shareSlackPort) {
      const server = await startHttpServer(config.port, '0.0.0.0', { [DISCORD_ENDPOINT]: discordInteractions });
      stops.push(server.close);
    }
    log.info('discord adapter started', { applicationId: config.discord!.applicationId, ...(discordInteractions && { endpoint: DISCORD_ENDPOINT }) });
  }
  log.info('tally running', { database: app.database.where });
}

/** Without platform settings: the terminal, interactive or as a script. */
async function runTerminal(config: Config) {
  const interactive = Boolean(process.stdin.isTTY);
  // The console owns the terminal: logs below warnings would drown the conversation.
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const session = new ConsoleSession(config.consoleUser ?? localName());
  const app = await startApp(config, { log, notifier: session, onFirstBoot: firstBoot });
  session.attach(app.deps);
  const scheduler = startScheduler(app.deps);
  const stop = async () => {
    await scheduler.stop();
    await app.close();
  };
  onSignals(stop);
  if (interactive) process.stderr.write(`Tally on ${app.database.where}. You are ${session.currentUser}.\n`);
  await runConsole(session, { input: process.stdin, output: process.stdout, interactive });
  await stop();
}

async function main() {
  const config = loadConfig();
  if (config.slack || config.discord) await runPlatforms(config);
  else await runTerminal(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || (error as { code?: string }).code === 'database_in_use') {
    process.stderr.write(`${(error as Error).message}\n`);
  } else {
    process.stderr.write(`Tally stopped: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
