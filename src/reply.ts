import type { Text } from './rich-text.ts';

/**
 * The platform-neutral reply every command returns. Adapters render it (Block Kit, Discord
 * embeds and components, console text) with small pure functions.
 * `Text` may use *bold* and `code` through `md`; a plain string (labels, titles) is shown as typed.
 */
export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Button {
  /** Shown as typed (it may hold a team's name). */
  label: string;
  /** The command the button runs, by path ("team switch"), through the same dispatch as typing it. */
  command: string;
  args: Record<string, string>;
  style?: 'primary' | 'danger';
  /** When set, the adapter asks for confirmation with this text before running the command. */
  confirm?: Text;
  /** Open a form (a modal) for the command's options instead of running it at once. */
  form?: boolean;
  /**
   * A link: the button opens this address in the browser (a payment page) and runs no command;
   * `command` is then empty. Adapters render it as their platform's link button.
   */
  url?: string;
}

export interface Field {
  /** Shown as typed. */
  label: string;
  value: Text;
}

/** One entry of a list, with its own buttons (a team with *Switch*, a resource with *Stop*). */
export interface Item {
  text: Text;
  fields?: Field[];
  buttons?: Button[];
}

export interface ReplyFile {
  name: string;
  mimeType: string;
  data: Uint8Array;
}

export interface Reply {
  tone: Tone;
  /** Shown as typed (it may hold a team's name). */
  title?: string;
  text: Text;
  fields?: Field[];
  items?: Item[];
  buttons?: Button[];
  /** Only the person who acted sees it. Balances, keys, logs and errors are always ephemeral. */
  ephemeral: boolean;
  file?: ReplyFile;
  /** Set when an option's value was refused, so a form can show the message beside that field. */
  invalidOption?: string;
}

type ReplyParts = Omit<Reply, 'tone' | 'ephemeral' | 'text'> & { ephemeral?: boolean };

export function reply(text: Text, parts: ReplyParts & { tone?: Tone } = {}): Reply {
  return { tone: 'info', ephemeral: true, text, ...parts };
}

export function success(text: Text, parts: ReplyParts = {}): Reply {
  return reply(text, { ...parts, tone: 'success' });
}

export function warning(text: Text, parts: ReplyParts = {}): Reply {
  return reply(text, { ...parts, tone: 'warning' });
}

export function failure(text: Text, parts: ReplyParts = {}): Reply {
  return reply(text, { ...parts, tone: 'error', ephemeral: true });
}

export function button(
  label: string,
  command: string,
  args: Record<string, string> = {},
  extra: Partial<Button> = {},
): Button {
  return { label, command, args, ...extra };
}

/** A button that opens `url` in the browser instead of running a command. */
export function linkButton(label: string, url: string): Button {
  return { label, command: '', args: {}, url };
}

/** A titled list: one sentence for "none", one for "some", and an item per row. */
export function listReply<T>(
  title: string,
  rows: T[],
  say: { none: Text; some: (count: number) => Text },
  toItem: (row: T) => Item,
  parts: ReplyParts = {},
): Reply {
  return reply(rows.length ? say.some(rows.length) : say.none, { ...parts, title, items: rows.map(toItem) });
}
