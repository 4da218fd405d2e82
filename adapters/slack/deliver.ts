import type { RespondFn } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../src/reply.ts';
import { fallbackText, replyBlocks, responsePayload } from './block-kit.ts';
import { sendSlackDm } from './slack-notifier.ts';

export interface Audience {
  client: webApi.WebClient;
  userId: string;
  /** Present for slash commands and message buttons. */
  respond?: RespondFn | undefined;
  /** Where the person acted, for answers without a response_url (form submissions). */
  channelId?: string | undefined;
}

/** Puts a reply where the person will see it: the response_url, else the channel, else a DM. */
export async function deliver(to: Audience, reply: Reply): Promise<void> {
  if (to.respond) {
    await to.respond(responsePayload(reply));
    return;
  }
  if (to.channelId && !to.channelId.startsWith('D')) {
    const message = { channel: to.channelId, text: fallbackText(reply), blocks: replyBlocks(reply) };
    await (reply.ephemeral ? to.client.chat.postEphemeral({ ...message, user: to.userId }) : to.client.chat.postMessage(message));
    return;
  }
  await sendSlackDm(to.client, to.userId, reply);
}
