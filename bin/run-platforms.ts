import { healthRoute } from '../adapters/http/health.ts';
import { httpApp } from '../adapters/http/http-app.ts';
import type { HttpRoute } from '../adapters/http/http-route.ts';
import { type ServingHttp, serveHttp } from '../adapters/http/serve-http.ts';
import { metricsRoute } from '../adapters/metrics/metrics-route.ts';
import { prometheusMetrics } from '../adapters/metrics/prometheus.ts';
import { restApiRoute } from '../adapters/rest-api/rest-api.ts';
import type { AdapterOptions, PlatformAdapter } from '../adapters/shared/adapter.ts';
import { joinPageRoute } from '../adapters/web/join-page.ts';
import { type App, startApp } from '../src/app.ts';
import { autopayJob, startAutopayWorker } from '../src/autopay/run-autopay.ts';
import { ConfigError } from '../src/config.ts';
import { processPaymentEvents } from '../src/credits/payment-events.ts';
import { commandConcurrency } from '../src/db/command-concurrency.ts';
import { type ResumeCommand, recoverCommands } from '../src/inbound/recover-commands.ts';
import { soleProcess } from '../src/inbound/this-process.ts';
import { previewInvite } from '../src/invites/invite-preview.ts';
import { outboxDepth } from '../src/jobs/outbox-depth.ts';
import { startOutboxDelivery } from '../src/jobs/outbox-pump.ts';
import { defaultJobs, paymentEventsJob, type Scheduler, startScheduler } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/logger.ts';
import { operatorList } from '../src/operators/operators.ts';
import { manualPayments } from '../src/ports/payments.ts';
import { notifiersByPlatform } from '../src/ports/platform-notifiers.ts';
import { watchLaunches } from '../src/resources/watch-launches.ts';
import { cloudOf } from './cloud.ts';
import { PLATFORMS, type Platform, type Settings } from './settings.ts';
import { firstBoot, onSignals } from './signals.ts';

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

type AnyAdapter = PlatformAdapter<unknown, unknown>;

// Keyed by PLATFORMS, so a platform added there does not compile until it has its adapter here.
// Each SDK loads only when its platform is configured (Bolt and discord.js take a second or more each).
const CREATE_ADAPTER: {
  [P in Platform]: (config: NonNullable<Settings[P]>, options: AdapterOptions) => Promise<AnyAdapter>;
} = {
  slack: async (config, options) =>
    (await import('../adapters/slack/slack-app.ts')).createSlackAdapter(config, options),
  discord: async (config, options) =>
    (await import('../adapters/discord/discord-app.ts')).createDiscordAdapter(config, options),
};

/** Generic so that each platform's config reaches its own factory. */
function createAdapter<P extends Platform>(platform: P, config: NonNullable<Settings[P]>, options: AdapterOptions) {
  return CREATE_ADAPTER[platform](config, options);
}

/**
 * With Slack and/or Discord settings: each configured platform and one HTTP application on PORT,
 * until stopped. The application serves /healthz and every route the adapters offer (Slack's
 * events in HTTP mode, Discord's interactions with a public key); Socket Mode runs beside it.
 */
export async function runPlatforms(settings: Settings) {
  const config = settings.core;
  const log = createLogger(config.logLevel);
  const concurrency = commandConcurrency(config.database);
  let app: App | undefined;
  const metrics = prometheusMetrics({ log, outboxDepth: async () => app && outboxDepth(app.deps.db) });
  const adapters: AnyAdapter[] = [];
  for (const platform of PLATFORMS) {
    const platformConfig = settings[platform];
    if (platformConfig) adapters.push(await createAdapter(platform, platformConfig, { log, concurrency }));
  }
  // Card payments: loaded only when configured, like a platform's SDK.
  const stripe =
    settings.stripe &&
    (await import('../adapters/stripe/stripe-payments.ts')).createStripePayments(settings.stripe, {
      publicUrl: config.publicUrl,
      log,
      metrics,
    });
  const cloud = await cloudOf(settings.sesterce, log, metrics);
  const routes: HttpRoute[] = [
    healthRoute(async () => ({
      database: app ? await databaseHealth(app) : { ok: false, error: 'starting' },
      ...Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.health()])),
    })),
    ...adapters.flatMap((adapter) => adapter.routes),
    ...(stripe ? stripe.routes : []),
    // Served only once the app has started (the server starts last), so `app` is set by then.
    joinPageRoute({
      platforms: PLATFORMS.filter((platform) => settings[platform]),
      preview: (code) => previewInvite(app!.deps, code),
    }),
    metricsRoute(metrics, settings.metrics.token),
    restApiRoute(() => app!.deps, settings.restApi),
  ];
  app = await startApp(config, {
    log,
    notifier: notifiersByPlatform(adapters.map((a) => [a.platform, a.notifier])),
    metrics,
    operators: operatorList(settings.operators),
    onFirstBoot: firstBoot,
    ...(stripe && { payments: { ...manualPayments, checkout: stripe.checkout, autopay: stripe.autopay } }),
    ...(cloud && { compute: cloud.compute, catalog: cloud.catalog }),
  });
  const running = app;
  stripe?.start(running.deps);
  if (settings.operators.length === 0)
    log.warn(
      stripe
        ? 'TALLY_OPERATORS is not set: nobody can grant credits, post adjustments or hear of disputes until it is'
        : 'TALLY_OPERATORS is not set: nobody can post or approve top-ups until it names who runs this Tally',
    );
  // Held before the first command is recorded: other processes take over only the commands of processes gone.
  const liveness =
    config.database.kind === 'postgres'
      ? await (await import('../src/inbound/postgres-liveness.ts')).holdPostgresLiveness(config.database.url, log)
      : soleProcess;
  // Each job takes a quarter of the pool at most: metering and the scan both fall on the hour,
  // and together they still leave half of it to commands.
  const jobs = defaultJobs({
    concurrency: config.database.kind === 'pglite' ? 1 : Math.max(1, Math.floor(config.database.poolSize / 4)),
  });
  const scheduler = startScheduler(running.deps, [
    ...jobs,
    ...(stripe ? [paymentEventsJob(stripe.readEvent), autopayJob(stripe.autopay)] : []),
    ...(cloud?.jobs ?? []),
  ]);
  // Woken by each commit that queues alerts (NOTIFY), in this process or another, not by a clock.
  const outbox = await startOutboxDelivery(running.deps, running.database.listen);
  // Woken by each commit that takes a balance across an automatic top-up's threshold (a trigger's NOTIFY).
  const autopay = stripe && (await startAutopayWorker(running.deps, stripe.autopay, running.database.listen));
  let recovering: Promise<unknown> = Promise.resolve();
  let recoveryScheduler: Scheduler | undefined;
  let server: ServingHttp | undefined;
  onSignals(async () => {
    await scheduler.stop();
    await outbox.stop();
    await autopay?.stop();
    await recoveryScheduler?.stop();
    await recovering;
    // No new requests first (those in progress are answered), then the acknowledged work finishes.
    await server?.close();
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await liveness.close();
    await running.close();
  });
  const resume: Record<string, ResumeCommand> = {};
  for (const adapter of adapters) {
    await adapter.start(running.deps).catch((error: Error) => {
      // One line naming the platform, as for a wrong setting: not a stack from deep inside its SDK.
      throw new ConfigError(`Tally cannot start: the ${adapter.platform} adapter did not start: ${error.message}`);
    });
    resume[adapter.platform] = (command) => adapter.resume(command);
    log.info(`${adapter.platform} adapter started`, adapter.describe());
  }
  if (stripe) log.info('stripe card payments on', stripe.describe());
  if (cloud) log.info('machines on a real cloud', cloud.describe());
  log.info('metrics at GET /metrics', {
    access: settings.metrics.token ? 'TALLY_METRICS_TOKEN' : 'open: keep this port on a private network',
  });
  if (stripe && /^http:\/\/(localhost|127\.)/.test(config.publicUrl))
    log.warn(
      `TALLY_PUBLIC_URL is ${config.publicUrl}: ` +
        'Stripe sends payers back there after paying; set it to the public address',
    );
  // Beside new commands, through the adapters' work queues: what a previous process acknowledged but never answered.
  const recover = () => recoverCommands(running.deps, { liveness, resume });
  recovering = Promise.all([
    recover().then(
      (report) => log.info('unfinished commands recovered', { ...report }),
      (error: Error) => log.error('recovering unfinished commands failed', { error: error.message }),
    ),
    // Launches a previous process reserved but never settled (it stopped while asking the cloud).
    watchLaunches(running.deps).then(
      (report) => log.info('launches in flight checked', { ...report }),
      (error: Error) => log.error('checking launches in flight failed', { error: error.message }),
    ),
    // Payments Stripe reported that no Tally finished processing (it stopped half-way).
    stripe &&
      processPaymentEvents(running.deps, stripe.readEvent).then(
        (report) => log.info('payment events caught up', report),
        (error: Error) => log.error('processing payment events failed', { error: error.message }),
      ),
  ]);
  // With PostgreSQL a process that died may not come back: the others take its commands over.
  if (config.database.kind === 'postgres')
    recoveryScheduler = startScheduler(running.deps, [
      // Every 30 s, off the seconds metering (0) and the balance scan (20) start at.
      { name: 'recover-commands', every: '10,40 * * * * *', run: recover },
    ]);
  server = await serveHttp(httpApp(routes), config.port, '0.0.0.0');
  log.info('tally running', {
    database: running.database.where,
    port: server.port,
    routes: routes.map((route) => `${route.method} ${route.path}`),
  });
}
