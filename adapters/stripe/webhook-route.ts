import type Stripe from 'stripe';
import { processPaymentEvent, recordPaymentEvent } from '../../src/credits/payment-events.ts';
import type { Deps } from '../../src/deps.ts';
import type { Logger } from '../../src/logger.ts';
import type { HttpRoute } from '../http/http-route.ts';
import { readBody } from '../http/read-body.ts';
import { eventEnvelope, readStripeEvent } from './read-event.ts';

export const WEBHOOK_PATH = '/stripe/webhook';
// Stripe's events are a few kilobytes; a Checkout Session with its line items stays far below this.
const MAX_BODY = 1_000_000;

const json = (status: number, body: unknown) => Response.json(body, { status });

/**
 * `POST /stripe/webhook`: the signature checked by the SDK on the raw body (a bad or missing one
 * is a 400 and nothing is written), the event stored before it is acknowledged, then processed.
 * A failure to process still answers 200: the event is kept and processed again by the job. Only
 * a database that cannot store it answers 503, which Stripe retries.
 */
export function webhookRoute(options: {
  stripe: Stripe;
  webhookSecret: string;
  log: Logger;
  /** Undefined until Tally has started: Stripe is answered 503 and retries. */
  deps: () => Deps | undefined;
}): HttpRoute {
  const { log } = options;
  return {
    method: 'POST',
    path: WEBHOOK_PATH,
    async handle(request) {
      const deps = options.deps();
      if (!deps) return json(503, { error: 'starting' });
      let raw: Buffer | null;
      try {
        raw = await readBody(request, MAX_BODY);
      } catch {
        return json(400, { error: 'body not received' }); // the client went away mid-body
      }
      if (!raw) return json(413, { error: 'body too large' });
      let payload: unknown;
      try {
        const signature = request.headers.get('stripe-signature') ?? '';
        payload = options.stripe.webhooks.constructEvent(raw, signature, options.webhookSecret);
      } catch (error) {
        log.warn('stripe webhook refused', { error: (error as Error).message.split('\n')[0] });
        return json(400, { error: 'invalid signature' });
      }
      const envelope = eventEnvelope(payload);
      if (!envelope) return json(400, { error: 'not a Stripe event' });
      try {
        await recordPaymentEvent(deps, { ...envelope, payload });
      } catch (error) {
        log.error('stripe event could not be stored', { event: envelope.id, error: (error as Error).message });
        return json(503, { error: 'try again later' });
      }
      try {
        const outcome = await processPaymentEvent(deps, envelope.id, readStripeEvent);
        log.info('stripe event', { event: envelope.id, type: envelope.type, outcome });
      } catch (error) {
        log.error('stripe event stored, processing failed: it is processed again later', {
          event: envelope.id,
          error: (error as Error).message,
        });
      }
      return json(200, { received: true });
    },
  };
}
