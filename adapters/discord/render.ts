import { escapeMarkdown } from 'discord.js';
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIButtonComponentWithURL,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord-api-types/v10';
import { clip } from '../../src/format.ts';
import type { Button, Field, Reply } from '../../src/reply.ts';
import { renderRich, type Text } from '../../src/rich-text.ts';
import { customIdOf } from './custom-id.ts';

const TONE_COLOR = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, error: 0xef4444 } as const;
// Discord's limits: description 4,096; 25 fields of 1,024; 5 rows of 5 buttons; labels of 80.
const MAX_DESCRIPTION = 4096;
const MAX_FIELDS = 25;
const MAX_ROWS = 5;
const MAX_PER_ROW = 5;

/** Mentions are never sent as pings (`allowed_mentions`), whatever the text holds. */
export const NO_MENTIONS = { parse: [] as never[] };

/**
 * What a person typed, shown as typed: Discord markdown (masked links and headings too)
 * escaped, `<@id>`/`<#id>` not turned into mentions, `@everyone`/`@here` broken with a
 * zero-width space so they don't even look like one.
 */
export function escapeDiscord(text: string, atLineStart = true): string {
  // Headings and lists only start lines: a value in mid-sentence ("50.00") is left alone.
  const escaped = escapeMarkdown(atLineStart ? text : `x${text}`, {
    heading: true,
    bulletedList: true,
    maskedLink: true,
  })
    // discord.js would escape "2.49" too; a list item needs "1. " with its space.
    .replace(/^( *\d+)\.(?= )/gm, '$1\\.');
  return (atLineStart ? escaped : escaped.slice(1)).replace(/</g, '\\<').replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Tally's *bold* is Discord's **bold**; `code` is the same on both. Inside code, text is literal. */
export function discordText(text: Text): string {
  return renderRich(text, {
    markup: (m) => m.replace(/\*/g, '**'),
    data: (data, place) => (place.inCode ? data.replace(/`/g, 'ˋ') : escapeDiscord(data, place.atLineStart)),
    channel: (id) => (/^\d+$/.test(id) ? `<#${id}>` : `#${escapeDiscord(id, false)}`),
  });
}

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  allowed_mentions: typeof NO_MENTIONS;
  /** Sent as a multipart upload beside the JSON; Discord shows it under the embed. */
  attachment?: { name: string; data: Uint8Array };
}

// Discord refuses a link button whose address is longer than this: such a link goes in the text.
const MAX_URL = 512;

function buttonComponent(button: Button, index: number): APIButtonComponentWithCustomId | APIButtonComponentWithURL {
  if (button.url)
    return { type: ComponentType.Button, style: ButtonStyle.Link, label: clip(button.label, 80), url: button.url };
  const style =
    button.style === 'danger'
      ? ButtonStyle.Danger
      : button.style === 'primary'
        ? ButtonStyle.Primary
        : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, label: clip(button.label, 80), custom_id: customIdOf(button, index) };
}

function renderField(field: Field) {
  const value = discordText(field.value);
  return { name: clip(escapeDiscord(field.label), 256), value: clip(value || '—', 1024), inline: value.length <= 40 };
}

/** One embed (title, text, fields, list lines) and up to 25 buttons in rows of 5. */
export function renderMessage(reply: Reply): DiscordMessage {
  const lines = (reply.items ?? []).map((item) => {
    const fields = (item.fields ?? [])
      .map((f) => `${escapeDiscord(f.label, false)}: ${discordText(f.value)}`)
      .join(' · ');
    return `• ${discordText(item.text)}${fields ? `\n  ${fields}` : ''}`;
  });
  let description = discordText(reply.text);
  const allButtons = [...(reply.items ?? []).flatMap((i) => i.buttons ?? []), ...(reply.buttons ?? [])];
  for (const long of allButtons.filter((b) => b.url && b.url.length > MAX_URL))
    description += `\n[${escapeDiscord(long.label, false)}](${long.url})`;
  let shown = 0;
  for (const line of lines) {
    if (description.length + line.length + 40 > MAX_DESCRIPTION) break;
    description += `\n${line}`;
    shown++;
  }
  if (shown < lines.length) description += `\n…and ${lines.length - shown} more not shown.`;
  const embed: APIEmbed = {
    color: TONE_COLOR[reply.tone],
    ...(reply.title && { title: clip(escapeDiscord(reply.title), 256) }),
    description: clip(description, MAX_DESCRIPTION),
    ...(reply.fields?.length && { fields: reply.fields.slice(0, MAX_FIELDS).map(renderField) }),
  };
  const buttons = allButtons.filter((b) => !b.url || b.url.length <= MAX_URL).slice(0, MAX_ROWS * MAX_PER_ROW);
  const components: DiscordMessage['components'] = [];
  for (let i = 0; i < buttons.length; i += MAX_PER_ROW) {
    components.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + MAX_PER_ROW).map((b, j) => buttonComponent(b, i + j)),
    });
  }
  return {
    embeds: [embed],
    components,
    allowed_mentions: NO_MENTIONS,
    ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
    ...(reply.file && { attachment: { name: reply.file.name, data: reply.file.data } }),
  };
}
