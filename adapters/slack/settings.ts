import { z } from 'zod';
import { blankIsUnset, readSettings, wrongSettings } from '../../src/config.ts';
import type { IdentityRef } from '../../src/ports/notifier.ts';

export const SlackSettings = {
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
};

/** HTTP mode is served on the HTTP application's port (PORT); Socket Mode dials out. */
export type SlackConfig = { botToken: string; apiUrl: string | undefined } & (
  | { mode: 'http'; signingSecret: string }
  | { mode: 'socket'; appToken: string }
);

/** Which Slack mode the settings ask for, undefined for none, or why they don't add up. */
export function slackConfig(e: z.infer<z.ZodObject<typeof SlackSettings>>): SlackConfig | string | undefined {
  const any = e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN || e.SLACK_API_URL;
  if (!any) return undefined;
  if (!e.SLACK_BOT_TOKEN)
    return (
      'SLACK_BOT_TOKEN: missing; Slack needs the bot token (xoxb-…) ' +
      'besides SLACK_SIGNING_SECRET or SLACK_APP_TOKEN'
    );
  const base = { botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL };
  if (e.SLACK_APP_TOKEN) return { ...base, mode: 'socket', appToken: e.SLACK_APP_TOKEN };
  if (e.SLACK_SIGNING_SECRET) return { ...base, mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET };
  return (
    'SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: missing; set the signing secret for HTTP mode, ' +
    'or the app-level token (xapp-…) for Socket Mode'
  );
}

/** The Slack settings alone; undefined when none is set. */
export function loadSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig | undefined {
  const config = slackConfig(readSettings(env, SlackSettings));
  if (typeof config === 'string') throw wrongSettings([config]);
  return config;
}

/** A TALLY_OPERATORS entry after `slack:`: `<team id>:<user id>` (T0123:U0456), or why it is not one. */
export function slackOperator(entry: string): IdentityRef | string {
  const match = /^([TE][A-Z0-9]{2,}):([UW][A-Z0-9]{2,})$/.exec(entry);
  if (!match) return 'a Slack operator is slack:<team id>:<user id>, like slack:T0123ABCD:U0456EFGH';
  return { platform: 'slack', workspaceId: match[1]!, platformUserId: match[2]! };
}
