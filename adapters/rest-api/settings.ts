import { z } from 'zod';
import { blankIsUnset } from '../../src/config.ts';

const rate = z.preprocess(
  blankIsUnset,
  z.coerce
    .number({ error: 'must be a number of requests per second, like 10 or 0.5' })
    .positive('must be more than 0 requests per second')
    .max(10_000, 'can be at most 10000 requests per second')
    .default(10),
);

const burst = z.preprocess(
  blankIsUnset,
  z.coerce
    .number({ error: 'must be a whole number of requests, from 1 to 10000' })
    .int('must be a whole number of requests, from 1 to 10000')
    .min(1, 'must be a whole number of requests, from 1 to 10000')
    .max(10_000, 'must be a whole number of requests, from 1 to 10000')
    .default(20),
);

/** The REST API's limit per API key: a steady rate, and how many requests may come at once. */
export const RestApiSettings = { TALLY_API_RATE: rate, TALLY_API_BURST: burst };

export interface RestApiConfig {
  /** Requests per second each key earns back. */
  ratePerSecond: number;
  /** Requests a key may send at once after a quiet spell. */
  burst: number;
}

export function restApiConfig(e: z.infer<z.ZodObject<typeof RestApiSettings>>): RestApiConfig {
  return { ratePerSecond: e.TALLY_API_RATE, burst: e.TALLY_API_BURST };
}
