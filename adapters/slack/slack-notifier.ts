import type { webApi } from '@slack/bolt';
import type { IdentityRef, Notifier } from '../../src/ports/notifier.ts';
import type { Reply } from '../../src/reply.ts';
import { fallbackText, replyBlocks } from './block-kit.ts';
import { SLACK } from './slack-people.ts';

/** The id of one person's DM with the bot (conversations.open). */
export async function openDm(client: webApi.WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`Slack opened no DM channel for ${userId}`);
  return channel;
}

/** Sends a message to one person in their DM with the bot. */
export async function sendSlackDm(client: webApi.WebClient, userId: string, message: Reply): Promise<void> {
  await client.chat.postMessage({ channel: await openDm(client, userId), text: fallbackText(message), blocks: replyBlocks(message) });
}

/** The notifier port for Slack identities; others are left to their own adapters. */
export function slackNotifier(client: webApi.WebClient): Notifier {
  return {
    async sendDirect(to: IdentityRef, message: Reply) {
      if (to.platform !== SLACK) return;
      await sendSlackDm(client, to.platformUserId, message);
    },
    async sendToChannel(platform: string, channelId: string, message: Reply) {
      if (platform !== SLACK) return;
      await client.chat.postMessage({ channel: channelId, text: fallbackText(message), blocks: replyBlocks(message) });
    },
  };
}
