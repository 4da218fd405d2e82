import { type ConsoleConfig, ConsoleSettings, consoleConfig } from '../adapters/console/settings.ts';
import { type DiscordConfig, DiscordSettings, discordConfig } from '../adapters/discord/settings.ts';
import { type SlackConfig, SlackSettings, slackConfig } from '../adapters/slack/settings.ts';
import { type Config, CoreSettings, coreConfig, readSettings, wrongSettings } from '../src/config.ts';

export interface Settings {
  core: Config;
  console: ConsoleConfig;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
}

/**
 * The core's and every adapter's settings, checked together so that one message names every
 * wrong setting, then each platform's settings checked for a missing partner.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const e = readSettings(env, { ...CoreSettings, ...ConsoleSettings, ...SlackSettings, ...DiscordSettings });
  const slack = slackConfig(e);
  const discord = discordConfig(e);
  const wrong = [slack, discord].filter((c): c is string => typeof c === 'string');
  if (wrong.length) throw wrongSettings(wrong);
  return {
    core: coreConfig(e),
    console: consoleConfig(e),
    slack: slack as SlackConfig | undefined,
    discord: discord as DiscordConfig | undefined,
  };
}

/** The chat platforms, by their key in Settings: the one list anyPlatform and run-platforms.ts go by. */
export const PLATFORMS = ['slack', 'discord'] as const satisfies readonly (keyof Settings)[];
export type Platform = (typeof PLATFORMS)[number];

/** With a platform's settings Tally serves it; with none it opens the console. */
export function anyPlatform(settings: Settings): boolean {
  return PLATFORMS.some((platform) => settings[platform] !== undefined);
}
