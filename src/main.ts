import { userInfo } from 'node:os';
import { CONSOLE_PLATFORM, ConsoleSession } from '../adapters/console/console-session.ts';
import { runConsole } from '../adapters/console/run-console.ts';
import { createDiscordAdapter } from '../adapters/discord/discord-app.ts';
import { DISCORD } from '../adapters/discord/handle-interaction.ts';
import { healthEndpoint } from '../adapters/shared/health.ts';
import { type Handler, type Routes, startHttpServer } from '../adapters/shared/http-server.ts';
import { createSlackAdapter } from '../adapters/slack/slack-app.ts';
import { SLACK } from '../adapters/slack/slack-people.ts';
import { type App, startApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { commandConcurrency } from './db/command-concurrency.ts';
import { holdPostgresLiveness } from './inbound/postgres-liveness.ts';
import { type ResumeCommand, recoverCommands } from './inbound/recover-commands.ts';
import { soleProcess } from './inbound/this-process.ts';
import { defaultJobs, type Scheduler, startScheduler } from './jobs/scheduler.ts';
import { createLogger } from './logger.ts';
import { notifiersByPlatform } from './ports/platform-notifiers.ts';

const DISCORD_ENDPOINT = '/discord/interactions';

function localName(): string {
  const name = userInfo().username.replace(/[^\w.-]/g, '');
  return name && name !== 'root' ? name : 'alice';
}

const firstBoot = () => process.stderr.write('Preparing the embedded database (first start only, about 10 seconds)…\n');

/**
 * SIGTERM (docker stop, systemd) and SIGINT (Ctrl-C) ask for a stop: once it has finished cleanly
 * the process exits 0, as it did what was asked; 1 if stopping failed. Repeats are ignored (a
 * terminal's Ctrl-C reaches npm too, which forwards it again).
 */
function onSignals(stop: () => Promise<void>) {
  let stopping = false;
  const handle = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Tally did not stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

/** How the database answers, for GET /healthz. */
async function databaseHealth(app: App) {
  const started = performance.now();
  try {
    await app.deps.db.$queryRaw`SELECT 1`;
    return { ok: true, kind: app.database.kind, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, kind: app.database.kind, error: (error as Error).message };
  }
}

/**
 * With Slack and/or Discord settings: each configured platform and one HTTP server, until stopped.
 * The server is Bolt's when Slack runs in HTTP mode (Slack events, Discord interactions and
 * /healthz share its port), else a small one of our own on PORT.
 */
async function runPlatforms(config: Config) {
  const log = createLogger(config.logLevel);
  const concurrency = commandConcurrency(config.database);
  let app: App | undefined;
  let discordInteractions: Handler | undefined;
  const routes: Routes = {
    'GET /healthz': healthEndpoint(async () => ({
      database: app ? await databaseHealth(app) : { ok: false, error: 'starting' },
      ...(slack && { slack: slack.health() }),
      ...(discord && { discord: discord.health() }),
    })),
  };
  if (config.discord?.publicKey) {
    routes[`POST ${DISCORD_ENDPOINT}`] = async (req, res) => {
      if (discordInteractions) await discordInteractions(req, res);
      else res.writeHead(503).end();
    };
  }
  const slackServesHttp = config.slack?.mode === 'http';
  const slack =
    config.slack &&
    createSlackAdapter(config.slack, { log, concurrency, ...(slackServesHttp && { extraRoutes: routes }) });
  const discord = config.discord && createDiscordAdapter(config.discord, { log, concurrency });
  const adapters = [slack, discord].filter((a) => a !== undefined);
  const stops = adapters.map((a) => () => a.stop());
  app = await startApp(config, {
    log,
    notifier: notifiersByPlatform(adapters.map((a) => [a.platform, a.notifier])),
    onFirstBoot: firstBoot,
  });
  const running = app;
  // Held before the first command is recorded: other processes take over only the commands of processes gone.
  const liveness =
    config.database.kind === 'postgres' ? await holdPostgresLiveness(config.database.url, log) : soleProcess;
  // Each job takes a quarter of the pool at most: metering and the scan both fall on the hour,
  // and together they still leave half of it to commands.
  const scheduler = startScheduler(
    running.deps,
    defaultJobs({
      concurrency: config.database.kind === 'pglite' ? 1 : Math.max(1, Math.floor(config.database.poolSize / 4)),
    }),
  );
  let recovering: Promise<unknown> = Promise.resolve();
  let recoveryScheduler: Scheduler | undefined;
  onSignals(async () => {
    await scheduler.stop();
    await recoveryScheduler?.stop();
    await recovering;
    await Promise.allSettled(stops.map((stop) => stop()));
    await liveness.close();
    await running.close();
  });
  const resume: Record<string, ResumeCommand> = {};
  if (slack) {
    const { port } = await slack.start(running.deps);
    resume[SLACK] = (command) => slack.resume(command);
    log.info('slack adapter started', { mode: config.slack!.mode, ...(port !== undefined && { port }) });
  }
  if (discord) {
    discordInteractions = (await discord.start(running.deps)).interactions;
    resume[DISCORD] = (command) => discord.resume(command);
    log.info('discord adapter started', {
      applicationId: config.discord!.applicationId,
      ...(discordInteractions && { endpoint: DISCORD_ENDPOINT }),
    });
  }
  // Beside new commands, through the adapters' work queues: what a previous process acknowledged but never answered.
  const recover = () => recoverCommands(running.deps, { liveness, resume });
  recovering = recover().then(
    (report) => log.info('unfinished commands recovered', { ...report }),
    (error: Error) => log.error('recovering unfinished commands failed', { error: error.message }),
  );
  // With PostgreSQL a process that died may not come back: the others take its commands over.
  if (config.database.kind === 'postgres')
    recoveryScheduler = startScheduler(running.deps, [
      { name: 'recover-commands', every: '*/30 * * * * *', run: recover },
    ]);
  if (!slackServesHttp) {
    const server = await startHttpServer(config.port, '0.0.0.0', routes);
    stops.push(server.close);
  }
  log.info('tally running', { database: running.database.where, port: config.port, routes: Object.keys(routes) });
}

/** Without platform settings: the terminal, interactive or as a script. */
async function runTerminal(config: Config) {
  const interactive = Boolean(process.stdin.isTTY);
  // The console owns the terminal: logs below warnings would drown the conversation.
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const session = new ConsoleSession(config.consoleUser ?? localName(), config.downloadsDir);
  const notifier = notifiersByPlatform([[CONSOLE_PLATFORM, session]]);
  const app = await startApp(config, { log, notifier, onFirstBoot: firstBoot });
  session.attach(app.deps);
  const scheduler = startScheduler(app.deps);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= scheduler.stop().then(() => app.close()));
  const stopping = new AbortController();
  if (interactive) process.stderr.write(`Tally on ${app.database.where}. You are ${session.currentUser}.\n`);
  const conversation = runConsole(session, {
    input: process.stdin,
    output: process.stdout,
    interactive,
    stop: stopping.signal,
  });
  // The database closes only after the command in progress is answered: closing it under a running command hangs.
  onSignals(async () => {
    stopping.abort();
    await conversation;
    await close();
  });
  await conversation;
  await close();
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
