import { DiscordAPIError, RateLimitError, REST, Routes } from 'discord.js';
import {
  type ChannelRef,
  DeliveryDeferred,
  DeliveryRefused,
  type IdentityRef,
  type Notifier,
} from '../../src/ports/notifier.ts';
import type { Reply } from '../../src/reply.ts';
import { restPayload } from './message-payload.ts';
import { renderMessage } from './render.ts';

// Discord's answers that no retry will change.
const CANNOT_MESSAGE_USER = 50007;
const GONE_OR_FORBIDDEN = new Set([
  10003 /* unknown channel */, 50001 /* missing access */, 50013 /* missing permissions */,
]);
const MAX_CACHED_DMS = 10_000;

export interface DiscordNotifierOptions {
  token: string;
  apiUrl: string | undefined;
  timeoutMs: number;
  onBlocked: (userId: string) => void;
}

/**
 * DMs and alert-channel posts for Discord (the registry hands it only Discord recipients), on a
 * REST client of their own that neither waits out a 429 nor retries a 500: the outbox decides
 * when to try again (after Discord's retry_after), while the interaction client keeps
 * discord.js's own retries for answers people wait on.
 */
export function discordNotifier(options: DiscordNotifierOptions): Notifier {
  const rest = new REST({
    version: '10',
    retries: 0,
    rejectOnRateLimit: () => true,
    timeout: options.timeoutMs,
    ...(options.apiUrl && { api: options.apiUrl }),
  }).setToken(options.token);
  const dmChannels = new Map<string, string>();

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    if (dmChannels.size >= MAX_CACHED_DMS) dmChannels.clear();
    dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async function post(channelId: string, message: Reply, refused: (code: number) => DeliveryRefused | undefined) {
    const body = renderMessage({ ...message, ephemeral: false }); // not ephemeral: no flags
    try {
      await rest.post(Routes.channelMessages(channelId), restPayload(body));
    } catch (error) {
      if (error instanceof RateLimitError)
        throw new DeliveryDeferred(`Discord rate limit on ${error.route}`, error.retryAfter);
      const code = error instanceof DiscordAPIError ? Number(error.code) : undefined;
      const final = code === undefined ? undefined : refused(code);
      throw final ?? error;
    }
  }

  return {
    async sendDirect(to: IdentityRef, message: Reply) {
      let channelId: string;
      try {
        channelId = await dmChannel(to.platformUserId);
      } catch (error) {
        if (error instanceof RateLimitError)
          throw new DeliveryDeferred('Discord rate limit opening a DM', error.retryAfter);
        throw error;
      }
      await post(channelId, message, (code) => {
        if (code !== CANNOT_MESSAGE_USER) return undefined;
        options.onBlocked(to.platformUserId);
        return new DeliveryRefused(`Discord user ${to.platformUserId} does not accept DMs from the bot`);
      });
    },
    async sendToChannel(to: ChannelRef, message: Reply) {
      await post(to.channelId, message, (code) =>
        GONE_OR_FORBIDDEN.has(code)
          ? new DeliveryRefused(`Discord channel ${to.channelId}: the bot cannot post there (code ${code})`)
          : undefined,
      );
    },
  };
}
