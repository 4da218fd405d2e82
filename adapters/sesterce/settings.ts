import { z } from 'zod';
import { blankIsUnset } from '../../src/config.ts';

export const SESTERCE_API_URL = 'https://api.cloud.sesterce.com';

export const SesterceSettings = {
  /** Where machines come from: the simulator (no network, nothing billed), or Sesterce Cloud. */
  TALLY_COMPUTE: z.preprocess(
    blankIsUnset,
    z.enum(['simulated', 'sesterce'], { error: 'must be simulated or sesterce' }).default('simulated'),
  ),
  // Never echoed: zod's messages name the rule, not the value.
  SESTERCE_API_KEY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\S+$/, "must be the team's API key from Sesterce's console (Settings), without spaces")
      .optional(),
  ),
  SESTERCE_API_URL: z.preprocess(
    blankIsUnset,
    z
      .url({
        protocol: /^https?$/,
        error: 'must be an http:// or https:// address, like https://api.cloud.sesterce.com',
      })
      .default(SESTERCE_API_URL),
  ),
  /** What Tally adds to Sesterce's prices, in percent: 25 sells a 2.00/h machine at 2.50/h. */
  TALLY_PRICE_MARKUP_PERCENT: z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: 'must be a percentage from 0 to 1000, like 20 or 12.5' })
      .min(0, 'must be a percentage from 0 to 1000, like 20 or 12.5')
      .max(1000, 'must be a percentage from 0 to 1000, like 20 or 12.5')
      .default(0),
  ),
};

export interface SesterceConfig {
  apiKey: string;
  /** The API's base URL, without a trailing slash. */
  apiUrl: string;
  markupPercent: number;
}

/**
 * Machines on Sesterce Cloud (TALLY_COMPUTE=sesterce), undefined for the simulator, or the one line
 * saying why it cannot start: no API key, or a key set while the simulator would hand out machines
 * that cost nothing and do nothing (an operator who set a key means real ones).
 */
export function sesterceConfig(e: z.infer<z.ZodObject<typeof SesterceSettings>>): SesterceConfig | string | undefined {
  if (e.TALLY_COMPUTE === 'simulated') {
    if (e.SESTERCE_API_KEY)
      return (
        'TALLY_COMPUTE: simulated, but SESTERCE_API_KEY is set; ' +
        'set TALLY_COMPUTE=sesterce to launch on Sesterce, or unset the key'
      );
    return undefined;
  }
  if (!e.SESTERCE_API_KEY)
    return "SESTERCE_API_KEY: missing; TALLY_COMPUTE=sesterce needs the team's API key from Sesterce's console";
  return {
    apiKey: e.SESTERCE_API_KEY,
    apiUrl: e.SESTERCE_API_URL.replace(/\/+$/, ''),
    markupPercent: e.TALLY_PRICE_MARKUP_PERCENT,
  };
}
