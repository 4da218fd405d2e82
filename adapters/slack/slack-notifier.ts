import type { webApi } from '@slack/bolt';
import type { IdentityRef, Notifier } from '../../src/ports/notifier.ts';
import type { Reply } from '../../src/reply.ts';
import { fallbackText, replyBlocks } from './block-kit.ts';
import { SLACK } from './slack-people.ts';

/** Sends a message to one person in their DM with the bot (conversations.open + chat.postMessage). */
export async function sendSlackDm(client: webApi.WebClient, userId: string, message: Reply): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error(`Slack opened no DM channel for ${userId}`);
  await client.chat.postMessage({ channel, text: fallbackText(message), blocks: replyBlocks(message) });
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
