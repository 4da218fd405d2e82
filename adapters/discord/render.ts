import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { Button, Reply } from '../../src/reply.ts';
import { customIdOf } from './custom-id.ts';
import { clip } from '../../src/format.ts';

const TONE_COLOR = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, error: 0xef4444 } as const;
// Discord's limits: description 4,096; 25 fields of 1,024; 5 rows of 5 buttons; labels of 80.
const MAX_DESCRIPTION = 4096;
const MAX_FIELDS = 25;
const MAX_ROWS = 5;
const MAX_PER_ROW = 5;


/** Tally's *bold* is Discord's **bold**; `code` is the same on both. */
export function discordMarkdown(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, '**$1**');
}

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  /** Sent as a multipart upload beside the JSON; Discord shows it under the embed. */
  attachment?: { name: string; data: Uint8Array };
}

function buttonComponent(button: Button, index: number): APIButtonComponentWithCustomId {
  const style = button.style === 'danger' ? ButtonStyle.Danger : button.style === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, label: clip(button.label, 80), custom_id: customIdOf(button, index) };
}

/** One embed (title, text, fields, list lines) and up to 25 buttons in rows of 5. */
export function renderMessage(reply: Reply): DiscordMessage {
  const lines = (reply.items ?? []).map((item) => {
    const fields = (item.fields ?? []).map((f) => `${f.label}: ${f.value}`).join(' · ');
    return `• ${discordMarkdown(item.text)}${fields ? `\n  ${fields}` : ''}`;
  });
  let description = discordMarkdown(reply.text);
  let shown = 0;
  for (const line of lines) {
    if (description.length + line.length + 40 > MAX_DESCRIPTION) break;
    description += `\n${line}`;
    shown++;
  }
  if (shown < lines.length) description += `\n…and ${lines.length - shown} more not shown.`;
  const embed: APIEmbed = {
    color: TONE_COLOR[reply.tone],
    ...(reply.title && { title: clip(reply.title, 256) }),
    description: clip(description, MAX_DESCRIPTION),
    ...(reply.fields?.length && { fields: reply.fields.slice(0, MAX_FIELDS).map((f) => ({ name: clip(f.label, 256), value: clip(discordMarkdown(f.value) || '—', 1024), inline: f.value.length <= 40 })) }),
  };
  const buttons = [...(reply.items ?? []).flatMap((i) => i.buttons ?? []), ...(reply.buttons ?? [])].slice(0, MAX_ROWS * MAX_PER_ROW);
  const components: DiscordMessage['components'] = [];
  for (let i = 0; i < buttons.length; i += MAX_PER_ROW) {
    components.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + MAX_PER_ROW).map((b, j) => buttonComponent(b, i + j)) });
  }
  return {
    embeds: [embed],
    components,
    ...(reply.ephemeral && { flags: MessageFlags.Ephemeral }),
    ...(reply.file && { attachment: { name: reply.file.name, data: reply.file.data } }),
  };
}
