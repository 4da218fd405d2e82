import type { RequestData } from 'discord.js';
import type { DiscordMessage } from './render.ts';

/**
 * A message as a REST call sends it: the JSON body, and its file as a multipart part that the
 * body's `attachments` entry points at (by index), as Discord's API asks.
 */
export function restPayload(message: DiscordMessage): RequestData {
  const { attachment, ...body } = message;
  if (!attachment) return { body };
  return {
    body: { ...body, attachments: [{ id: 0, filename: attachment.name }] },
    files: [{ name: attachment.name, data: Buffer.from(attachment.data) }],
  };
}

/**
 * The same message for discord.js's interaction methods, which take files as `{ attachment, name }`
 * and mentions as `allowedMentions` (they drop the REST spelling).
 */
export function clientPayload(message: DiscordMessage) {
  const { attachment, allowed_mentions, ...body } = message;
  const options = { ...body, allowedMentions: allowed_mentions };
  return attachment
    ? { ...options, files: [{ attachment: Buffer.from(attachment.data), name: attachment.name }] }
    : options;
}
