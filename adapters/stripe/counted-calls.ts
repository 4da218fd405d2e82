import Stripe from 'stripe';
import { type Metrics, noMetrics } from '../../src/ports/metrics.ts';

/** Runs one call to Stripe by its name ("checkout.sessions.create"); a failure is counted, then thrown on. */
export type StripeCall = <T>(operation: string, call: () => Promise<T>) => Promise<T>;

// The SDK's error classes as label values: a fixed list, whatever Stripe's message says.
const KINDS: [new (...args: never[]) => Error, string][] = [
  [Stripe.errors.StripeCardError, 'card_declined'],
  [Stripe.errors.StripeInvalidRequestError, 'invalid_request'],
  [Stripe.errors.StripeIdempotencyError, 'idempotency'],
  [Stripe.errors.StripeRateLimitError, 'rate_limited'],
  [Stripe.errors.StripeAuthenticationError, 'authentication'],
  [Stripe.errors.StripePermissionError, 'permission'],
  [Stripe.errors.StripeConnectionError, 'network'],
  [Stripe.errors.StripeAPIError, 'api'],
];

function stripeErrorKind(error: unknown): string {
  return KINDS.find(([type]) => error instanceof type)?.[1] ?? 'other';
}

export function countedCalls(metrics: Metrics = noMetrics): StripeCall {
  return async (operation, call) => {
    try {
      return await call();
    } catch (error) {
      metrics.externalCallFailed({ service: 'stripe', operation, kind: stripeErrorKind(error) });
      throw error;
    }
  };
}
