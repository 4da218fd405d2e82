import { z } from 'zod';
import { type ConsoleConfig, ConsoleSettings, consoleConfig } from '../adapters/console/settings.ts';
import { type DiscordConfig, DiscordSettings, discordConfig } from '../adapters/discord/settings.ts';
import { type MetricsConfig, MetricsSettings, metricsConfig } from '../adapters/metrics/settings.ts';
import { type RestApiConfig, RestApiSettings, restApiConfig } from '../adapters/rest-api/settings.ts';
import { type SesterceConfig, SesterceSettings, sesterceConfig } from '../adapters/sesterce/settings.ts';
import { type SlackConfig, SlackSettings, slackConfig } from '../adapters/slack/settings.ts';
import { type StripeConfig, StripeSettings, stripeConfig } from '../adapters/stripe/settings.ts';
import { blankIsUnset, type Config, CoreSettings, coreConfig, readSettings, wrongSettings } from '../src/config.ts';
import type { IdentityRef } from '../src/ports/notifier.ts';
import { readOperators } from './operators.ts';

/** Who runs this Tally: read here, entry by entry through each platform's own syntax (operators.ts). */
const OperatorSettings = { TALLY_OPERATORS: z.preprocess(blankIsUnset, z.string().optional()) };

export interface Settings {
  core: Config;
  console: ConsoleConfig;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
  /** Card payments (STRIPE_SECRET_KEY); undefined without them. */
  stripe: StripeConfig | undefined;
  /** Machines on Sesterce Cloud (TALLY_COMPUTE=sesterce); undefined for the simulator. */
  sesterce: SesterceConfig | undefined;
  /** GET /metrics, served with a chat platform. */
  metrics: MetricsConfig;
  /** TALLY_OPERATORS; empty when unset. */
  operators: IdentityRef[];
  /** The REST API's rate limit per key (TALLY_API_RATE, TALLY_API_BURST). */
  restApi: RestApiConfig;
}

/**
 * The core's and every adapter's settings, checked together so that one message names every
 * wrong setting, then each platform's settings checked for a missing partner.
 */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const e = readSettings(env, {
    ...CoreSettings,
    ...ConsoleSettings,
    ...SlackSettings,
    ...DiscordSettings,
    ...StripeSettings,
    ...SesterceSettings,
    ...MetricsSettings,
    ...RestApiSettings,
    ...OperatorSettings,
  });
  const core = coreConfig(e);
  const slack = slackConfig(e);
  const discord = discordConfig(e);
  const stripe = stripeConfig(e, core);
  const sesterce = sesterceConfig(e);
  const operators = readOperators(e.TALLY_OPERATORS);
  const wrong = [slack, discord, stripe, sesterce, operators].filter((c): c is string => typeof c === 'string');
  if (wrong.length) throw wrongSettings(wrong);
  const settings: Settings = {
    core,
    console: consoleConfig(e),
    slack: slack as SlackConfig | undefined,
    discord: discord as DiscordConfig | undefined,
    stripe: stripe as StripeConfig | undefined,
    sesterce: sesterce as SesterceConfig | undefined,
    metrics: metricsConfig(e),
    operators: operators as IdentityRef[],
    restApi: restApiConfig(e),
  };
  // Stripe reports payments to Tally's HTTP server, which runs with a chat platform, not with the console.
  if (settings.stripe && !anyPlatform(settings))
    throw wrongSettings([
      'STRIPE_SECRET_KEY: card payments need Slack or Discord settings too: ' +
        "Stripe's webhook is served by the HTTP server that runs with them, not by the console",
    ]);
  // Sesterce prices in US dollars; one credit is one unit of TALLY_CURRENCY, and Tally converts nothing.
  if (settings.sesterce && core.invoicing.currency !== 'USD')
    throw wrongSettings([
      `TALLY_CURRENCY: ${core.invoicing.currency}, but Sesterce prices machines in USD; ` +
        'set TALLY_CURRENCY=USD with TALLY_COMPUTE=sesterce (Tally converts no currencies)',
    ]);
  return settings;
}

/** The chat platforms, by their key in Settings: the one list anyPlatform and run-platforms.ts go by. */
export const PLATFORMS = ['slack', 'discord'] as const satisfies readonly (keyof Settings)[];
export type Platform = (typeof PLATFORMS)[number];

/** With a platform's settings Tally serves it; with none it opens the console. */
export function anyPlatform(settings: Settings): boolean {
  return PLATFORMS.some((platform) => settings[platform] !== undefined);
}
