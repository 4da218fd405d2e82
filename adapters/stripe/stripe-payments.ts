import Stripe from 'stripe';
import type { Deps } from '../../src/deps.ts';
import type { Logger } from '../../src/logger.ts';
import type { Metrics } from '../../src/ports/metrics.ts';
import type { CardAutopay, CardCheckout, ReadPaymentEvent } from '../../src/ports/payments.ts';
import type { HttpRoute } from '../http/http-route.ts';
import { countedCalls } from './counted-calls.ts';
import { checkoutPages } from './pages.ts';
import { readStripeEvent } from './read-event.ts';
import type { StripeConfig } from './settings.ts';
import { stripeAutopay } from './stripe-autopay.ts';
import { stripeCheckout } from './stripe-checkout.ts';
import { WEBHOOK_PATH, webhookRoute } from './webhook-route.ts';

/** What the composition root wires: the payment port, the routes, and the reader of stored events. */
export interface StripePayments {
  checkout: CardCheckout;
  /** Automatic top-up: a saved card, charged off-session. */
  autopay: CardAutopay;
  /** The webhook and the pages Checkout returns to, on Tally's HTTP application. */
  routes: HttpRoute[];
  readEvent: ReadPaymentEvent;
  /** The webhook answers 503 until this has run. */
  start(deps: Deps): void;
  /** For the start-up log line: no secrets. */
  describe(): Record<string, unknown>;
}

/** The official SDK, pointed at STRIPE_API_URL when set (a proxy, or a test's fake). */
function stripeClient(config: StripeConfig): Stripe {
  return new Stripe(config.secretKey, {
    ...config.endpoint,
    // A chat answer can wait a little, not 80 s (the SDK's default); retries reuse the idempotency key.
    timeout: 20_000,
    maxNetworkRetries: 2,
    appInfo: { name: 'Tally' },
  });
}

export function createStripePayments(
  config: StripeConfig,
  options: { publicUrl: string; log: Logger; metrics?: Metrics },
): StripePayments {
  const stripe = stripeClient(config);
  const call = countedCalls(options.metrics);
  let deps: Deps | undefined;
  return {
    checkout: stripeCheckout(stripe, config, options.publicUrl, call),
    autopay: stripeAutopay(stripe, options.publicUrl, config.autopayPolicy, call),
    routes: [
      webhookRoute({ stripe, webhookSecret: config.webhookSecret, log: options.log, deps: () => deps }),
      ...checkoutPages,
    ],
    readEvent: readStripeEvent,
    start(started) {
      deps = started;
    },
    describe() {
      return {
        mode: config.secretKey.includes('_live_') ? 'live' : 'test',
        apiVersion: Stripe.API_VERSION,
        webhook: WEBHOOK_PATH,
        ...(config.endpoint && {
          api: `${config.endpoint.protocol}://${config.endpoint.host}:${config.endpoint.port}`,
        }),
        topUpLimits: config.limits,
      };
    },
  };
}
