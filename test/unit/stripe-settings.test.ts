import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../bin/settings.ts';

const KEY = 'sk_test_FAKE00000000000000000000';
const HOOK = 'whsec_FAKE0000000000000000000000';
const SELLER = {
  TALLY_SELLER_NAME: 'Tally Cloud GmbH',
  TALLY_SELLER_ADDRESS: '1 Main Street, Berlin',
  TALLY_SELLER_TAX_ID: 'DE123456789',
};
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123' };
const stripe = (env: Record<string, string>) => loadSettings({ ...SLACK, ...SELLER, ...env }).stripe;

describe('the Stripe settings', () => {
  it('are off without STRIPE_SECRET_KEY, and read with defaults for the limits', () => {
    expect(loadSettings(SLACK).stripe).toBeUndefined();
    expect(stripe({ STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: HOOK })).toEqual({
      secretKey: KEY,
      webhookSecret: HOOK,
      endpoint: undefined,
      limits: { minCents: 500, maxCents: 1_000_000 },
      autopayPolicy: { dailyMax: 3, maxFailures: 3 },
    });
    expect(
      stripe({
        STRIPE_SECRET_KEY: KEY,
        STRIPE_WEBHOOK_SECRET: HOOK,
        TALLY_TOPUP_MIN: '1.50',
        TALLY_TOPUP_MAX: '2,500',
        TALLY_AUTOPAY_DAILY_MAX: '5',
        TALLY_AUTOPAY_MAX_FAILURES: '2',
      }),
    ).toMatchObject({ limits: { minCents: 150, maxCents: 250_000 }, autopayPolicy: { dailyMax: 5, maxFailures: 2 } });
  });

  it("map STRIPE_API_URL onto the SDK's host, port and protocol", () => {
    const at = (url: string) => stripe({ STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: HOOK, STRIPE_API_URL: url });
    expect(at('http://127.0.0.1:12111')?.endpoint).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(at('https://stripe-proxy.example')?.endpoint).toEqual({
      host: 'stripe-proxy.example',
      port: 443,
      protocol: 'https',
    });
    expect(at('http://[::1]:8080/')?.endpoint).toEqual({ host: '::1', port: 8080, protocol: 'http' });
    expect(() => at('https://proxy.example/stripe')).toThrow(/STRIPE_API_URL: must be a base URL without a path/);
  });

  it('refuse to start, in one line naming the settings, without the webhook secret or the seller', () => {
    expect(() => stripe({ STRIPE_SECRET_KEY: KEY })).toThrow(
      /^Tally cannot start: STRIPE_WEBHOOK_SECRET: missing; set the webhook endpoint's signing secret/,
    );
    expect(() => loadSettings({ ...SLACK, STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: HOOK })).toThrow(
      /^Tally cannot start: TALLY_SELLER_NAME, TALLY_SELLER_ADDRESS, TALLY_SELLER_TAX_ID: missing; card payments need/,
    );
    expect(() => stripe({ STRIPE_WEBHOOK_SECRET: HOOK })).toThrow(/STRIPE_SECRET_KEY: missing/);
    expect(() => loadSettings({ ...SELLER, STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: HOOK })).toThrow(
      /STRIPE_SECRET_KEY: card payments need Slack or Discord settings too/,
    );
  });

  it('check the key formats and the limits', () => {
    expect(() => stripe({ STRIPE_SECRET_KEY: 'pk_test_123', STRIPE_WEBHOOK_SECRET: HOOK })).toThrow(
      /STRIPE_SECRET_KEY: must be a secret key/,
    );
    expect(() => stripe({ STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: 'secret' })).toThrow(
      /STRIPE_WEBHOOK_SECRET: must be the webhook endpoint's signing secret/,
    );
    const limits = { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: HOOK };
    expect(() => stripe({ ...limits, TALLY_TOPUP_MIN: '0.10' })).toThrow(/TALLY_TOPUP_MIN: must be an amount/);
    expect(() => stripe({ ...limits, TALLY_TOPUP_MAX: 'lots' })).toThrow(/TALLY_TOPUP_MAX: must be an amount/);
    expect(() => stripe({ ...limits, TALLY_AUTOPAY_DAILY_MAX: '0' })).toThrow(
      /TALLY_AUTOPAY_DAILY_MAX: must be a whole number of automatic top-ups a team gets in 24 hours, from 1 to 100/,
    );
    expect(() => stripe({ ...limits, TALLY_AUTOPAY_MAX_FAILURES: 'three' })).toThrow(
      /TALLY_AUTOPAY_MAX_FAILURES: must be a whole number/,
    );
    expect(() => stripe({ ...limits, TALLY_TOPUP_MIN: '500', TALLY_TOPUP_MAX: '100' })).toThrow(
      /TALLY_TOPUP_MIN: 500.00 is more than TALLY_TOPUP_MAX \(100.00\)/,
    );
  });
});
