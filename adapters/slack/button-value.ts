import { z } from 'zod';
import type { Button } from '../../src/reply.ts';

/** What a Slack button carries back: the command, its values, and whether it opens a form. */
const ButtonValueSchema = z.object({
  c: z.string().max(100),
  a: z.record(z.string(), z.string()),
  f: z.literal(1).optional(),
});
export type ButtonValue = z.infer<typeof ButtonValueSchema>;

// Slack allows 2,000 characters in a button value.
const MAX_VALUE = 2000;

export function encodeButton(button: Button): string {
  const value = JSON.stringify({ c: button.command, a: button.args, ...(button.form && { f: 1 }) });
  if (value.length > MAX_VALUE) throw new Error(`button "${button.label}" carries more than ${MAX_VALUE} characters`);
  return value;
}

/** null for anything Tally did not write: a stale, foreign or tampered button. */
export function decodeButton(value: string | undefined): ButtonValue | null {
  if (!value) return null;
  try {
    const parsed = ButtonValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
