import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import type { Reply, ReplyFile } from '../../src/reply.ts';
import { md } from '../../src/rich-text.ts';
import { fallbackText, replyBlocks, responsePayload } from './block-kit.ts';
import { openDm, sendSlackDm } from './slack-notifier.ts';

export interface Audience {
  client: webApi.WebClient;
  userId: string;
  log: Logger;
  /** Present for slash commands and message buttons. */
  respond?: RespondFn | undefined;
  /** Where the person acted, for answers without a response_url (form submissions). */
  channelId?: string | undefined;
}

/**
 * Puts a reply where the person will see it: the response_url, else the channel, else a DM.
 * A file goes first, as a message of its own: Slack has no private files in a channel, so a
 * private reply's file goes to the person's DM with the bot, a public one's to the channel.
 */
export async function deliver(to: Audience, reply: Reply): Promise<void> {
  const shown = reply.file ? await withUpload(to, reply, reply.file) : reply;
  if (to.respond) {
    await to.respond(responsePayload(shown));
    return;
  }
  if (to.channelId && !to.channelId.startsWith('D')) {
    const message = { channel: to.channelId, text: fallbackText(shown), blocks: replyBlocks(shown) };
    await (shown.ephemeral
      ? to.client.chat.postEphemeral({ ...message, user: to.userId })
      : to.client.chat.postMessage(message));
    return;
  }
  await sendSlackDm(to.client, to.userId, shown);
}

/** Uploads the file (files.uploadV2) and adds to the reply where it went, or that it could not. */
async function withUpload(to: Audience, reply: Reply, file: ReplyFile): Promise<Reply> {
  const inChannel = !reply.ephemeral && to.channelId !== undefined;
  try {
    const channel = inChannel ? to.channelId! : await openDm(to.client, to.userId);
    await to.client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(file.data),
      filename: file.name,
      title: file.name,
    });
    const where = inChannel ? 'posted in this channel' : 'in your direct messages with Tally';
    return { ...reply, text: md`${reply.text}\n📎 *${file.name}* is ${where}.`, file: undefined };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    to.log.warn('slack file upload failed', { file: file.name, error: code });
    return {
      ...reply,
      tone: 'warning',
      text: md`${reply.text}\n⚠ Slack did not take the file *${file.name}* (${code}). Try again in a minute.`,
      file: undefined,
    };
  }
}
