import { resolve } from 'node:path';
import { z } from 'zod';
import type { LogLevel } from './logger.ts';

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(200).default(10)),
  TALLY_DATA_DIR: z.preprocess(blankIsUnset, z.string().default('./data')),
  TALLY_DOWNLOADS_DIR: z.preprocess(blankIsUnset, z.string().default('./downloads')),
  TALLY_PUBLIC_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).default('http://localhost:3000')),
  TALLY_CATALOG_FILE: z.preprocess(blankIsUnset, z.string().optional()),
  TALLY_CONSOLE_USER: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[\w.-]{1,40}$/, 'must be a simple name like alice')
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(blankIsUnset, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(65535).default(3000)),
  SLACK_BOT_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(
    blankIsUnset,
    z.string().min(8, 'looks too short to be a signing secret').optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  SLACK_API_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
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
});

export interface DiscordConfig {
  token: string;
  applicationId: string;
  publicKey: string | undefined;
  apiUrl: string | undefined;
  guildId: string | undefined;
}

function discordConfig(e: z.infer<typeof EnvSchema>): DiscordConfig | string | undefined {
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

export type SlackConfig = { botToken: string; apiUrl: string | undefined } & (
  | { mode: 'http'; signingSecret: string; port: number }
  | { mode: 'socket'; appToken: string }
);

/** Which Slack mode the settings ask for, or why they don't add up. */
function slackConfig(e: z.infer<typeof EnvSchema>): SlackConfig | string | undefined {
  const any = e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN || e.SLACK_API_URL;
  if (!any) return undefined;
  if (!e.SLACK_BOT_TOKEN)
    return 'SLACK_BOT_TOKEN: missing; Slack needs the bot token (xoxb-…) besides SLACK_SIGNING_SECRET or SLACK_APP_TOKEN';
  const base = { botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL };
  if (e.SLACK_APP_TOKEN) return { ...base, mode: 'socket', appToken: e.SLACK_APP_TOKEN };
  if (e.SLACK_SIGNING_SECRET) return { ...base, mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET, port: e.PORT };
  return 'SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: missing; set the signing secret for HTTP mode, or the app-level token (xapp-…) for Socket Mode';
}

export interface Config {
  database: { kind: 'pglite'; folder: string } | { kind: 'postgres'; url: string; poolSize: number };
  publicUrl: string;
  catalogFile: string | undefined;
  consoleUser: string | undefined;
  /** Where the console saves files it is given (invoice and statement PDFs). */
  downloadsDir: string;
  logLevel: LogLevel;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
  /** Where HTTP endpoints listen (Slack events, Discord interactions). */
  port: number;
}

export class ConfigError extends Error {}

/** A setting that passed validation but does not work (a file that cannot be read, a server that does not answer): one line. */
export function settingError(setting: string, problem: string): ConfigError {
  return new ConfigError(`Tally cannot start: ${setting}: ${problem.replace(/\s+/g, ' ')}`);
}

/** Environment → typed settings, read once at start-up. A bad setting stops start-up, naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Tally cannot start: these settings are wrong:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const slack = slackConfig(e);
  const discord = discordConfig(e);
  const wrong = [slack, discord].filter((c): c is string => typeof c === 'string');
  if (wrong.length)
    throw new ConfigError(`Tally cannot start: these settings are wrong:\n${wrong.map((w) => `  ${w}`).join('\n')}`);
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', folder: resolve(e.TALLY_DATA_DIR) },
    publicUrl: e.TALLY_PUBLIC_URL,
    catalogFile: e.TALLY_CATALOG_FILE,
    consoleUser: e.TALLY_CONSOLE_USER,
    downloadsDir: resolve(e.TALLY_DOWNLOADS_DIR),
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    slack: slack as SlackConfig | undefined,
    discord: discord as DiscordConfig | undefined,
  };
}
