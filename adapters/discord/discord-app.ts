import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Deps } from '../../src/deps.ts';
import { type HttpRoute, noBody } from '../http/http-route.ts';
import type { AdapterOptions, PlatformAdapter } from '../shared/adapter.ts';
import { type Work, workQueue } from '../shared/work-queue.ts';
import { discordRoutes } from './command-routes.ts';
import { discordNotifier } from './discord-notifier.ts';
import { fromGateway } from './gateway-io.ts';
import { DISCORD, handleInteraction } from './handle-interaction.ts';
import { interactionsEndpoint } from './interactions-endpoint.ts';
import { resumeInteraction } from './recorded-interaction.ts';
import type { DiscordConfig } from './settings.ts';

export const DISCORD_ENDPOINT = '/discord/interactions';

/** With DISCORD_PUBLIC_KEY the adapter also offers the route `POST /discord/interactions`. */
export type DiscordAdapter = PlatformAdapter<void, { ok: boolean; gatewayPingMs: number }>;

/**
 * The bot over the gateway. Only the Guilds intent: interactions arrive regardless, and Tally
 * reads no messages or members.
 */
export function createDiscordAdapter(config: DiscordConfig, options: AdapterOptions): DiscordAdapter {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(config.apiUrl && { rest: { api: config.apiUrl } }),
  });
  const commands = discordRoutes();
  let work: Work | undefined;
  let running: Deps | undefined;
  // Set by start, cleared by stop: outside that, Discord is told to try again later (503).
  let interactions: HttpRoute['handle'] | undefined;
  const httpRoutes: HttpRoute[] = config.publicKey
    ? [
        {
          method: 'POST',
          path: DISCORD_ENDPOINT,
          handle: async (request) => (interactions ? interactions(request) : noBody(503)),
        },
      ]
    : [];
  return {
    routes: httpRoutes,
    platform: DISCORD,
    health: () => ({ ok: client.isReady(), gatewayPingMs: client.ws.ping }),
    describe: () => ({ applicationId: config.applicationId, ...(config.publicKey && { endpoint: DISCORD_ENDPOINT }) }),
    notifier: discordNotifier({
      token: config.token,
      apiUrl: config.apiUrl,
      timeoutMs: options.deliveryTimeoutMs ?? 10_000,
      onBlocked: (userId) => options.log.warn('discord user does not accept DMs from the bot', { userId }),
    }),
    async start(deps) {
      running = deps;
      work = workQueue(options.concurrency ?? 4);
      client.on(Events.InteractionCreate, (interaction) => {
        const parsed = fromGateway(commands, interaction);
        if (!parsed) return;
        // Tracked whole, from the deferral to the final edit, so a stop waits for the answer.
        work!
          .track(handleInteraction(deps, parsed.io, parsed.incoming, work!))
          .catch((error: Error) =>
            options.log.error('discord interaction failed', { interaction: interaction.id, error: error.message }),
          );
      });
      client.on(Events.Error, (error) => options.log.error('discord client error', { error: error.message }));
      const ready = new Promise<void>((done) => client.once(Events.ClientReady, () => done()));
      await client.login(config.token);
      await ready;
      if (config.publicKey)
        interactions = interactionsEndpoint({
          publicKey: config.publicKey,
          rest: client.rest,
          routes: commands,
          deps,
          work,
          log: options.log,
        });
    },
    async resume(command) {
      if (!work || !running) throw new Error('the Discord adapter has not started');
      const deps = running;
      await work(() => resumeInteraction(deps, client.rest, command));
    },
    /** Stops taking interactions, lets those already deferred finish and answer, then disconnects. */
    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      interactions = undefined;
      await work?.idle();
      await client.destroy();
    },
  };
}
