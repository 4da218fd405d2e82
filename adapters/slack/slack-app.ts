import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Deps } from '../../src/deps.ts';
import type { AdapterOptions, PlatformAdapter } from '../shared/adapter.ts';
import { type Work, workQueue } from '../shared/work-queue.ts';
import { boltLogger } from './bolt-logger.ts';
import { SlackHttpReceiver } from './http-receiver.ts';
import { registerAppHome } from './listeners/app-home.ts';
import { registerButtons } from './listeners/buttons.ts';
import { registerFormSubmissions } from './listeners/form-submissions.ts';
import { registerSlashCommands } from './listeners/slash-commands.ts';
import type { SlackConfig } from './settings.ts';
import { resumeSlackCommand } from './slack-inbound.ts';
import { slackNotifier } from './slack-notifier.ts';
import { SLACK } from './slack-people.ts';

/** In HTTP mode the adapter's route, `POST /slack/events`, joins Tally's HTTP application. */
export type SlackAdapter = PlatformAdapter<void, { ok: boolean; mode: string }>;

export interface SlackOptions extends AdapterOptions {
  /** Socket Mode's reconnect pace; tests shorten it. */
  clientPingTimeout?: number;
}

/**
 * The Slack app in either mode. HTTP mode offers the route `POST /slack/events` (time, signature
 * and shape checked before Bolt sees a request); Socket Mode dials out with the app-level token.
 */
export function createSlackAdapter(config: SlackConfig, options: SlackOptions): SlackAdapter {
  const logger = boltLogger(options.log);
  const clientOptions = config.apiUrl
    ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` }
    : {};
  const receiver =
    config.mode === 'http'
      ? new SlackHttpReceiver({ signingSecret: config.signingSecret, logger })
      : new SocketModeReceiver({
          appToken: config.appToken,
          logger,
          installerOptions: { clientOptions },
          ...(options.clientPingTimeout && { clientPingTimeout: options.clientPingTimeout }),
        });
  const app = new App({ token: config.botToken, receiver, logger, clientOptions, deferInitialization: true });
  app.error(async (error) => {
    options.log.error('slack listener failed', { error: error.message, code: (error as { code?: string }).code });
  });
  let started = false;
  let work: Work | undefined;
  let running: Deps | undefined;
  return {
    routes: receiver instanceof SlackHttpReceiver ? [receiver.route] : [],
    platform: SLACK,
    health: () => ({ ok: started, mode: config.mode }),
    describe: () => ({ mode: config.mode }),
    // The outbox retries with backoff itself, so its client fails fast: no retries of its own,
    // and a 429 comes back as an error carrying Slack's Retry-After instead of a silent wait.
    notifier: slackNotifier(
      new webApi.WebClient(config.botToken, {
        ...clientOptions,
        logger,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: options.deliveryTimeoutMs ?? 10_000,
      }),
    ),
    async start(deps) {
      await app.init();
      running = deps;
      work = workQueue(options.concurrency ?? 4);
      registerSlashCommands(app, deps, work);
      registerButtons(app, deps, work);
      registerFormSubmissions(app, deps, work);
      registerAppHome(app, deps, work);
      await app.start();
      started = true;
    },
    async resume(command) {
      if (!work || !running) throw new Error('the Slack adapter has not started');
      const deps = running;
      await work(() => resumeSlackCommand(deps, app.client, command));
    },
    /** Stops receiving, then lets the commands already acknowledged finish and answer. */
    async stop() {
      await app.stop();
      await work?.idle();
    },
  };
}
