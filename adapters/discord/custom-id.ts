import type { Button } from '../../src/reply.ts';

/** What a press means: run the command, ask to confirm first, or open its form. */
export type PressMode = 'run' | 'confirm' | 'form';
const MODE_LETTER: Record<PressMode, string> = { run: 'r', confirm: 'c', form: 'f' };
const LETTER_MODE: Record<string, PressMode> = { r: 'run', c: 'confirm', f: 'form' };

// Discord allows 100 characters in a custom_id.
const MAX_CUSTOM_ID = 100;

export interface DecodedPress {
  mode: PressMode;
  command: string;
  args: Record<string, string>;
}

/** `r3|team switch|to=T123`: mode and a number unique in the message, then the command and its values. */
export function encodeCustomId(mode: PressMode, index: number, command: string, args: Record<string, string>): string {
  const parts = [
    `${MODE_LETTER[mode]}${index}`,
    encodeURIComponent(command),
    ...Object.entries(args).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
  ];
  const id = parts.join('|');
  if (id.length > MAX_CUSTOM_ID) throw new Error(`custom_id for ${command} is ${id.length} characters`);
  return id;
}

export function customIdOf(button: Button, index: number): string {
  return encodeCustomId(button.form ? 'form' : button.confirm ? 'confirm' : 'run', index, button.command, button.args);
}

/** null for ids Tally did not write: stale, foreign or tampered components. */
export function decodeCustomId(id: string): DecodedPress | null {
  const [head, command, ...pairs] = id.split('|');
  const mode = LETTER_MODE[head?.charAt(0) ?? ''];
  if (!mode || !command || !/^\d+$/.test(head!.slice(1))) return null;
  try {
    const args: Record<string, string> = {};
    for (const pair of pairs) {
      const at = pair.indexOf('=');
      if (at < 1) return null;
      args[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1));
    }
    return { mode, command: decodeURIComponent(command), args };
  } catch {
    return null;
  }
}
