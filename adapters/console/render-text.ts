import type { Button, Field, Reply } from '../../src/reply.ts';
import { renderRich, type Text } from '../../src/rich-text.ts';

/** 20480 → "20 KB" */
function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`;
}

const TONE_MARK = { info: '', success: '✔ ', warning: '⚠ ', error: '✖ ' } as const;

/** A terminal control character in a name (an escape sequence) must not reach the terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
export const showControls = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');

/** *bold* and `code` read fine as plain words in a terminal; what people typed is shown as typed. */
export function plain(text: Text): string {
  return renderRich(text, { markup: (m) => m.replace(/[*`]/g, ''), data: showControls });
}

function fieldLine(fields: Field[], indent: string): string {
  return fields.map((f) => `${indent}${showControls(f.label)}: ${plain(f.value)}`).join('\n');
}

/**
 * A reply as terminal text. Buttons are numbered in the order `press N` uses:
 * those of each list item first, then the reply's own.
 */
export function renderText(
  to: string,
  message: Reply,
  kind: 'reply' | 'dm' = 'reply',
  savedAs?: string,
): { text: string; buttons: Button[] } {
  const buttons: Button[] = [];
  const label = (b: Button) => {
    buttons.push(b);
    const link = b.url ? ` → ${showControls(b.url)}` : '';
    return `[${buttons.length}] ${showControls(b.label)}${link}`;
  };
  const header =
    kind === 'dm'
      ? `── DM to ${to} ──`
      : `── to ${to}${message.ephemeral ? ' (only you)' : ' (everyone in the channel)'} ──`;
  const lines = [header];
  if (message.title) lines.push(`${TONE_MARK[message.tone]}${showControls(message.title)}`);
  lines.push(`${message.title ? '' : TONE_MARK[message.tone]}${plain(message.text)}`);
  if (message.fields?.length) lines.push(fieldLine(message.fields, '  '));
  for (const item of message.items ?? []) {
    lines.push(`  • ${plain(item.text)}`);
    if (item.fields?.length) lines.push(fieldLine(item.fields, '      '));
    if (item.buttons?.length) lines.push(`      ${item.buttons.map(label).join('  ')}`);
  }
  if (message.buttons?.length) lines.push(`  ${message.buttons.map(label).join('  ')}`);
  if (message.file) {
    const saved = savedAs ? `, saved as ${savedAs}` : '';
    lines.push(`  📎 ${message.file.name} (${formatBytes(message.file.data.byteLength)})${saved}`);
  }
  return { text: lines.join('\n'), buttons };
}
