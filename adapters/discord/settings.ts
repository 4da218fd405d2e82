import { z } from 'zod';
import { blankIsUnset, readSettings, wrongSettings } from '../../src/config.ts';
import type { IdentityRef } from '../../src/ports/notifier.ts';

export const DiscordSettings = {
  DISCORD_TOKEN: z.preprocess(blankIsUnset, z.string().min(20, 'looks too short to be a bot token').optional()),
  DISCORD_APPLICATION_ID: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\d{5,25}$/, 'must be the numeric application id')
      .optional(),
  ),
  DISCORD_PUBLIC_KEY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'must be the 64-character hex public key')
      .optional(),
  ),
  DISCORD_API_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  DISCORD_GUILD_ID: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\d{5,25}$/, 'must be a numeric server id')
      .optional(),
  ),
};

export interface DiscordConfig {
  token: string;
  applicationId: string;
  publicKey: string | undefined;
  apiUrl: string | undefined;
  guildId: string | undefined;
}

/** The Discord settings, undefined for none, or why they don't add up. */
export function discordConfig(e: z.infer<z.ZodObject<typeof DiscordSettings>>): DiscordConfig | string | undefined {
  if (!e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID && !e.DISCORD_PUBLIC_KEY) return undefined;
  if (!e.DISCORD_TOKEN) return 'DISCORD_TOKEN: missing; Discord needs the bot token besides DISCORD_APPLICATION_ID';
  if (!e.DISCORD_APPLICATION_ID)
    return 'DISCORD_APPLICATION_ID: missing; Discord needs the application id besides DISCORD_TOKEN';
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    publicKey: e.DISCORD_PUBLIC_KEY,
    apiUrl: e.DISCORD_API_URL,
    guildId: e.DISCORD_GUILD_ID,
  };
}

/** The Discord settings alone; undefined when none is set. */
export function loadDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig | undefined {
  const config = discordConfig(readSettings(env, DiscordSettings));
  if (typeof config === 'string') throw wrongSettings([config]);
  return config;
}

/**
 * A TALLY_OPERATORS entry after `discord:`: the numeric user id, or why it is not one. Discord ids
 * are global, so the workspace is '' (DISCORD_WORKSPACE in handle-interaction.ts, not imported here:
 * reading settings must not load the adapter).
 */
export function discordOperator(entry: string): IdentityRef | string {
  if (!/^\d{5,25}$/.test(entry))
    return 'a Discord operator is discord:<numeric user id>, like discord:123456789012345678';
  return { platform: 'discord', workspaceId: '', platformUserId: entry };
}
