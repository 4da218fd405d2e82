import { resolve } from 'node:path';
import { z } from 'zod';
import { blankIsUnset, readSettings } from '../../src/config.ts';
import type { IdentityRef } from '../../src/ports/notifier.ts';

export const ConsoleSettings = {
  TALLY_DOWNLOADS_DIR: z.preprocess(blankIsUnset, z.string().default('./downloads')),
  TALLY_CONSOLE_USER: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[\w.-]{1,40}$/, 'must be a simple name like alice')
      .optional(),
  ),
};

export interface ConsoleConfig {
  /** Who you are at start; without it, your login name. */
  user: string | undefined;
  /** Where the console saves files it is given (invoice and statement PDFs). */
  downloadsDir: string;
}

export function consoleConfig(e: z.infer<z.ZodObject<typeof ConsoleSettings>>): ConsoleConfig {
  return { user: e.TALLY_CONSOLE_USER, downloadsDir: resolve(e.TALLY_DOWNLOADS_DIR) };
}

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return consoleConfig(readSettings(env, ConsoleSettings));
}

/** A TALLY_OPERATORS entry after `console:`: a local person's name (workspace 'local', as console-session.ts). */
export function consoleOperator(entry: string): IdentityRef | string {
  if (!/^[\w.-]{1,40}$/.test(entry)) return 'a console operator is console:<name>, like console:alice';
  return { platform: 'console', workspaceId: 'local', platformUserId: entry };
}
