import { webApi } from '@slack/bolt';
import {
  type ChannelRef,
  DeliveryDeferred,
  DeliveryRefused,
  type IdentityRef,
  type Notifier,
} from '../../src/ports/notifier.ts';
import type { Reply } from '../../src/reply.ts';
import { fallbackText, replyBlocks } from './block-kit.ts';

/** The id of one person's DM with the bot (conversations.open). */
export async function openDm(client: webApi.WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`Slack opened no DM channel for ${userId}`);
  return channel;
}

/** Sends a message to one person in their DM with the bot. */
export async function sendSlackDm(client: webApi.WebClient, userId: string, message: Reply): Promise<void> {
  await client.chat.postMessage({
    channel: await openDm(client, userId),
    text: fallbackText(message),
    blocks: replyBlocks(message),
  });
}

// Slack's answers that no retry will change (the bot was never invited, the channel is gone).
const FINAL_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
]);

/**
 * Slack's answers in the outbox's terms: a 429 becomes DeliveryDeferred with Slack's Retry-After
 * (the client gives seconds), a final refusal DeliveryRefused, so it gives up at once instead of
 * 8 tries later.
 */
async function asDelivery(where: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    const { code, retryAfter, data } = error as { code?: string; retryAfter?: number; data?: { error?: string } };
    if (code === webApi.ErrorCode.RateLimitedError && typeof retryAfter === 'number')
      throw new DeliveryDeferred((error as Error).message, retryAfter * 1000);
    if (data?.error && FINAL_ERRORS.has(data.error)) throw new DeliveryRefused(`Slack refused ${where}: ${data.error}`);
    throw error;
  }
}

/** The notifier port for Slack: the registry (platform-notifiers.ts) hands it only Slack recipients. */
export function slackNotifier(client: webApi.WebClient): Notifier {
  return {
    async sendDirect(to: IdentityRef, message: Reply) {
      await asDelivery(`a DM to ${to.platformUserId}`, () => sendSlackDm(client, to.platformUserId, message));
    },
    async sendToChannel(to: ChannelRef, message: Reply) {
      await asDelivery(`a post in ${to.channelId}`, () =>
        client.chat.postMessage({ channel: to.channelId, text: fallbackText(message), blocks: replyBlocks(message) }),
      );
    },
  };
}
