import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ServingHttp } from '../../adapters/http/serve-http.ts';
import { StripeSettings, stripeConfig } from '../../adapters/stripe/settings.ts';
import { createStripePayments, type StripePayments } from '../../adapters/stripe/stripe-payments.ts';
import { readSettings } from '../../src/config.ts';
import type { Invoicing } from '../../src/invoices/invoicing-settings.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Metrics } from '../../src/ports/metrics.ts';
import { manualPayments } from '../../src/ports/payments.ts';
import { FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET, FakeStripe } from './fake-stripe.ts';
import type { Harness } from './harness.ts';
import { serveRoutes } from './serve-routes.ts';

/** Posts `payload` to Tally's webhook on `port` as Stripe does, with `signature` (null: no header); the status. */
export async function postStripeEvent(port: number, payload: string, signature: string | null): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature !== null && { 'stripe-signature': signature }) },
    body: payload,
  });
  await response.arrayBuffer();
  return response.status;
}

export const SELLER = { name: 'Tally Cloud GmbH', address: '1 Main Street, Berlin', taxId: 'DE123456789' };

/** Stripe's adapter as bin/ builds it from the settings: the real SDK pointed at `fake` by STRIPE_API_URL. */
export function fakeStripePayments(fake: FakeStripe, invoicing: Invoicing, metrics?: Metrics): StripePayments {
  const env = {
    STRIPE_SECRET_KEY: FAKE_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
    STRIPE_API_URL: fake.url,
  };
  const config = stripeConfig(readSettings(env, StripeSettings), { invoicing });
  if (typeof config !== 'object') throw new Error(`stripe settings: ${config}`);
  return createStripePayments(config, { publicUrl: 'https://tally.example', log: silentLogger, metrics });
}

/** The adapter alone against a fake Stripe, without a database or a served webhook: its calls to Stripe. */
export function useStripeAdapter() {
  const s = {
    fake: undefined as unknown as FakeStripe,
    payments: undefined as unknown as StripePayments,
  };
  beforeAll(async () => {
    s.fake = await FakeStripe.start();
    s.payments = fakeStripePayments(s.fake, { currency: 'USD', seller: SELLER });
  });
  beforeEach(() => s.fake.reset());
  afterAll(() => s.fake?.stop());
  return s;
}

/**
 * Stripe wired into a harness's dependencies as bin/ wires it, from the settings: the real SDK
 * pointed at a fake Stripe by STRIPE_API_URL, and the webhook route served on 127.0.0.1.
 * `deliver(payload)` posts an event signed with the SDK's test header (or `signature`; null: none).
 */
export function useStripe(h: Pick<Harness, 'deps'>) {
  let server: ServingHttp | undefined;
  const s = {
    fake: undefined as unknown as FakeStripe,
    payments: undefined as unknown as StripePayments,
    deliver: (payload: string, signature: string | null = s.fake.sign(payload)) =>
      postStripeEvent(server!.port, payload, signature),
    url: (path: string) => `http://127.0.0.1:${server!.port}${path}`,
  };
  beforeAll(async () => {
    s.fake = await FakeStripe.start();
    h.deps.invoicing = { currency: 'USD', seller: SELLER };
    s.payments = fakeStripePayments(s.fake, h.deps.invoicing);
    h.deps.payments = { ...manualPayments, checkout: s.payments.checkout, autopay: s.payments.autopay };
    s.payments.start(h.deps);
    server = await serveRoutes(s.payments.routes);
  });
  beforeEach(() => s.fake.reset());
  afterAll(async () => {
    await server?.close();
    await s.fake?.stop();
  });
  return s;
}
