import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';
import type { AdapterOptions, PlatformAdapter } from '../shared/adapter.ts';
import { guarded, type Routes } from '../shared/http-server.ts';
import { type Work, workQueue } from '../shared/work-queue.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerAppHome } from './listeners/app-home.ts';
import { registerButtons } from './listeners/buttons.ts';
import { registerFormSubmissions } from './listeners/form-submissions.ts';
import { registerSlashCommands } from './listeners/slash-commands.ts';
import { slackRequestGate } from './request-gate.ts';
import { resumeSlackCommand } from './slack-inbound.ts';
import { slackNotifier } from './slack-notifier.ts';

const SLACK_ENDPOINT = '/slack/events';

/** In HTTP mode `start` returns the port it listens on. */
export type SlackAdapter = PlatformAdapter<{ port?: number }, { ok: boolean; mode: string }>;

export interface SlackOptions extends AdapterOptions {
  /** Socket Mode's reconnect pace; tests shorten it. */
  clientPingTimeout?: number;
  /** HTTP mode: the interface to listen on. */
  host?: string;
  /** HTTP mode: other endpoints to serve on the same port ("POST /discord/interactions", "GET /healthz"). */
  extraRoutes?: Routes;
}

/** Bolt's HTTP receiver, with our gate in front of its listener and our other routes beside it. */
function httpReceiver(
  config: Extract<SlackConfig, { mode: 'http' }>,
  extraRoutes: Routes,
  logger: ReturnType<typeof boltLogger>,
): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret,
    endpoints: SLACK_ENDPOINT,
    logger,
    processBeforeResponse: false,
    customRoutes: Object.entries(extraRoutes).map(([route, handler]) => {
      const [method, path] = route.split(' ') as [string, string];
      return { path, method: [method], handler: guarded(handler) };
    }),
  });
  // Bolt's own server calls the receiver's listener per request, so the gate runs before Bolt does.
  receiver.requestListener = slackRequestGate(receiver.requestListener, {
    signingSecret: config.signingSecret,
    endpoints: [SLACK_ENDPOINT],
  });
  return receiver;
}

/**
 * The Slack app in either mode. HTTP mode answers `POST /slack/events` (time, signature and
 * shape checked by our gate, then the signature again by Bolt's receiver); Socket Mode dials out
 * with the app-level token.
 */
export function createSlackAdapter(config: SlackConfig, options: SlackOptions): SlackAdapter {
  const logger = boltLogger(options.log);
  const clientOptions = config.apiUrl
    ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` }
    : {};
  const receiver =
    config.mode === 'http'
      ? httpReceiver(config, options.extraRoutes ?? {}, logger)
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
    health: () => ({ ok: started, mode: config.mode }),
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
      if (config.mode === 'socket') {
        await app.start();
        started = true;
        return {};
      }
      const server = (await app.start({ port: config.port, host: options.host ?? '0.0.0.0' })) as Server;
      started = true;
      const address = server.address();
      return { port: typeof address === 'object' && address ? address.port : config.port };
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
