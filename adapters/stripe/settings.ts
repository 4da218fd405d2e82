import { z } from 'zod';
import { blankIsUnset } from '../../src/config.ts';
import type { Invoicing } from '../../src/invoices/invoicing-settings.ts';
import { sellerDetailsMissing } from '../../src/invoices/invoicing-settings.ts';
import { formatCents, parseAmount } from '../../src/money.ts';
import type { AutopayPolicy } from '../../src/ports/payments.ts';

// Stripe refuses a payment below 0.50 (in USD and EUR) and above 999,999.99.
const STRIPE_MIN_CENTS = 50;
const STRIPE_MAX_CENTS = 99_999_999;
const STRIPE_MAX = formatCents(STRIPE_MAX_CENTS);

function centsOf(text: string): number | null {
  try {
    return parseAmount(text);
  } catch {
    return null;
  }
}

/** Credits typed as people type them ("5", "10,000", "12.50"), as cents, within what Stripe takes. */
const creditAmount = (fallback: string) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        const cents = centsOf(text);
        if (cents !== null && cents >= STRIPE_MIN_CENTS && cents <= STRIPE_MAX_CENTS) return cents;
        ctx.addIssue({
          code: 'custom',
          message: `must be an amount of credits from ${formatCents(STRIPE_MIN_CENTS)} to ${STRIPE_MAX}`,
        });
        return z.NEVER;
      }),
  );

/** A small whole number of times, at least 1. */
const countSetting = (fallback: number, what: string) =>
  z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: `must be a whole number of ${what}, from 1 to 100` })
      .int(`must be a whole number of ${what}, from 1 to 100`)
      .min(1, `must be a whole number of ${what}, from 1 to 100`)
      .max(100, `must be a whole number of ${what}, from 1 to 100`)
      .default(fallback),
  );

export const StripeSettings = {
  STRIPE_SECRET_KEY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_\S+$/, 'must be a secret key (sk_live_…, sk_test_…) or a restricted key (rk_…)')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^whsec_\S+$/, "must be the webhook endpoint's signing secret, whsec_…")
      .optional(),
  ),
  STRIPE_API_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  TALLY_TOPUP_MIN: creditAmount('5'),
  TALLY_TOPUP_MAX: creditAmount('10000'),
  TALLY_AUTOPAY_DAILY_MAX: countSetting(3, 'automatic top-ups a team gets in 24 hours'),
  TALLY_AUTOPAY_MAX_FAILURES: countSetting(3, 'failed automatic top-ups in a row before it turns off'),
};

/** Where the SDK sends its requests, in its own options (host, port, protocol); unset: Stripe's API. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  endpoint: StripeEndpoint | undefined;
  /** What one payment may add, in cents. */
  limits: { minCents: number; maxCents: number };
  /** How far automatic top-ups go on their own. */
  autopayPolicy: AutopayPolicy;
}

/** STRIPE_API_URL (`http://127.0.0.1:12111`) as the SDK's options; it takes no path. */
function endpointOf(url: string): StripeEndpoint | string {
  const parsed = new URL(url);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash)
    return 'STRIPE_API_URL: must be a base URL without a path, like https://stripe-proxy.example:8443';
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  const port = parsed.port ? Number(parsed.port) : protocol === 'http' ? 80 : 443;
  // URL keeps the brackets of an IPv6 address; the SDK's host is the bare address.
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port, protocol };
}

/**
 * Card payments through Stripe, undefined when STRIPE_SECRET_KEY is unset, or the one line saying
 * why they cannot start: no webhook secret (no payment could ever be credited), no seller details
 * (the invoices of paying customers need them), limits the wrong way round.
 */
export function stripeConfig(
  e: z.infer<z.ZodObject<typeof StripeSettings>>,
  core: { invoicing: Invoicing },
): StripeConfig | string | undefined {
  if (!e.STRIPE_SECRET_KEY) {
    if (e.STRIPE_WEBHOOK_SECRET || e.STRIPE_API_URL)
      return 'STRIPE_SECRET_KEY: missing; card payments need the secret key (sk_…) besides STRIPE_WEBHOOK_SECRET';
    return undefined;
  }
  if (!e.STRIPE_WEBHOOK_SECRET)
    return (
      "STRIPE_WEBHOOK_SECRET: missing; set the webhook endpoint's signing secret (whsec_…): " +
      'without it no card payment could be credited'
    );
  const missing = sellerDetailsMissing(core);
  if (missing.length)
    return (
      `${missing.join(', ')}: missing; ` +
      "card payments need the seller's details for their invoices (or TALLY_SELLER_FILE)"
    );
  if (e.TALLY_TOPUP_MIN > e.TALLY_TOPUP_MAX)
    return (
      `TALLY_TOPUP_MIN: ${formatCents(e.TALLY_TOPUP_MIN)} ` +
      `is more than TALLY_TOPUP_MAX (${formatCents(e.TALLY_TOPUP_MAX)})`
    );
  const endpoint = e.STRIPE_API_URL ? endpointOf(e.STRIPE_API_URL) : undefined;
  if (typeof endpoint === 'string') return endpoint;
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    endpoint,
    limits: { minCents: e.TALLY_TOPUP_MIN, maxCents: e.TALLY_TOPUP_MAX },
    autopayPolicy: { dailyMax: e.TALLY_AUTOPAY_DAILY_MAX, maxFailures: e.TALLY_AUTOPAY_MAX_FAILURES },
  };
}
