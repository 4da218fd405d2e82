import { z } from 'zod';
import { blankIsUnset } from '../../src/config.ts';

export const MetricsSettings = {
  // A shared secret a scraper sends; short ones are guessed.
  TALLY_METRICS_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 characters, letters, digits or symbols, without spaces')
      .optional(),
  ),
};

export interface MetricsConfig {
  /** What GET /metrics asks for as `Authorization: Bearer …`; unset: it answers anyone (a private network). */
  token: string | undefined;
}

export function metricsConfig(e: z.infer<z.ZodObject<typeof MetricsSettings>>): MetricsConfig {
  return { token: e.TALLY_METRICS_TOKEN };
}
