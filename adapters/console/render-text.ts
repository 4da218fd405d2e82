import type { Button, Field, Reply } from '../../src/reply.ts';

/** 20480 → "20 KB" */
function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`;
}

const TONE_MARK = { info: '', success: '✔ ', warning: '⚠ ', error: '✖ ' } as const;

/** *bold* and `code` read fine as plain words in a terminal. */
export function plain(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, '$1').replace(/`([^`\n]+)`/g, '$1');
}

function fieldLine(fields: Field[], indent: string): string {
  return fields.map((f) => `${indent}${f.label}: ${plain(f.value)}`).join('\n');
}

/**
 * A reply as terminal text. Buttons are numbered in the order `press N` uses:
 * those of each list item first, then the reply's own.
 */
export function renderText(to: string, message: Reply, kind: 'reply' | 'dm' = 'reply', savedAs?: string): { text: string; buttons: Button[] } {
  const buttons: Button[] = [];
  const label = (b: Button) => {
    buttons.push(b);
    return `[${buttons.length}] ${b.label}`;
  };
  const header = kind === 'dm' ? `── DM to ${to} ──` : `── to ${to}${message.ephemeral ? ' (only you)' : ' (everyone in the channel)'} ──`;
  const lines = [header];
  if (message.title) lines.push(`${TONE_MARK[message.tone]}${plain(message.title)}`);
  lines.push(`${message.title ? '' : TONE_MARK[message.tone]}${plain(message.text)}`);
  if (message.fields?.length) lines.push(fieldLine(message.fields, '  '));
  for (const item of message.items ?? []) {
    lines.push(`  • ${plain(item.text)}`);
    if (item.fields?.length) lines.push(fieldLine(item.fields, '      '));
    if (item.buttons?.length) lines.push(`      ${item.buttons.map(label).join('  ')}`);
  }
  if (message.buttons?.length) lines.push(`  ${message.buttons.map(label).join('  ')}`);
  if (message.file) lines.push(`  📎 ${message.file.name} (${formatBytes(message.file.data.byteLength)})${savedAs ? `, saved as ${savedAs}` : ''}`);
  return { text: lines.join('\n'), buttons };
}
