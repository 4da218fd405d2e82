import type { IncomingMessage, ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { apiError, type FakeCard, FakeCards } from './fake-stripe-cards.ts';
import { type LoopbackServer, serveOnLoopback } from './loopback-server.ts';

/** Obviously fake credentials, in Stripe's formats. */
export const FAKE_STRIPE_KEY = 'sk_test_FAKE00000000000000000000';
export const FAKE_WEBHOOK_SECRET = 'whsec_FAKE0000000000000000000000';

/** The `Stripe-Signature` header for `payload`, made by the SDK as Stripe makes it. */
export function stripeSignature(payload: string, secret = FAKE_WEBHOOK_SECRET, timestamp?: number): string {
  return new Stripe(FAKE_STRIPE_KEY).webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined && { timestamp }),
  });
}

/** The fields of a Checkout Session Tally sends and reads, as Stripe's API returns them. */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  url: string | null;
  /** The customer a setup page keeps the card on (null for a payment page made without one). */
  customer: string | null;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  /** Null in setup mode: nothing is charged there. */
  amount_total: number | null;
  currency: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  /** Setup mode: the SetupIntent, once the card is saved (`saveCard`). */
  setup_intent: string | null;
  success_url: string;
  cancel_url: string;
  /** What Tally asked for, as the API received it (not part of Stripe's answer). */
  requested: Record<string, unknown>;
}

export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

type Form = { [key: string]: string | Form | Form[] | string[] };

/** Objects whose keys are 0, 1, 2… are the arrays the SDK wrote as `key[0]`, `key[1]`. */
function arrays(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const);
  if (entries.length && entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
}

/** The SDK's form encoding (`line_items[0][price_data][currency]=usd`) back into objects. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Form = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else {
        node[part] ??= {};
        node = node[part] as Form;
      }
    });
  }
  return arrays(root) as Record<string, unknown>;
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((done, failed) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', failed);
  });
}

const error = (status: number, message: string) => apiError(status, message);

/**
 * Stripe's API as the SDK calls it for Checkout, on 127.0.0.1: `POST /v1/checkout/sessions`
 * (form-encoded, honouring Idempotency-Key on every POST: the same key answers the same object) and
 * `GET /v1/checkout/sessions/:id`; customers, saved cards and their charges in `cards`
 * (fake-stripe-cards.ts). Tests move sessions on (`pay`, `expire`, `saveCard`) and build the events
 * Stripe would send, signed with the SDK's own test header.
 */
export class FakeStripe {
  readonly sessions = new Map<string, FakeSession>();
  readonly requests: SeenRequest[] = [];
  /** Set to make the next session creations fail as Stripe's API would, with this status. */
  failNext: number | undefined;
  private readonly answered = new Map<string, { status: number; body: unknown; request: string }>();
  private counter = 0;
  readonly cards = new FakeCards((prefix) => this.next(prefix));
  /** Off-session charges, by payment intent id. */
  readonly paymentIntents = this.cards.paymentIntents;
  /** How each saved card (payment method id) answers a charge: `succeed` unless set. */
  readonly cardBehaviour = this.cards.cardBehaviour;
  private http!: LoopbackServer;

  static async start(): Promise<FakeStripe> {
    const fake = new FakeStripe();
    fake.http = await serveOnLoopback((request, response) => void fake.handle(request, response));
    return fake;
  }

  get port(): number {
    return this.http.port;
  }

  get url(): string {
    return this.http.url;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  reset() {
    this.sessions.clear();
    this.requests.length = 0;
    this.answered.clear();
    this.failNext = undefined;
    this.cards.reset();
  }

  private next(prefix: string): string {
    return `${prefix}_test_FAKE${String(++this.counter).padStart(6, '0')}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const text = await read(request);
    const body = request.method === 'POST' ? parseStripeForm(text) : {};
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    const [path = '', search = ''] = (request.url ?? '').split('?');
    this.requests.push({
      method: request.method ?? '',
      path,
      idempotencyKey,
      authorization: request.headers.authorization,
      body,
    });
    const replay = idempotencyKey && request.method === 'POST' ? this.answered.get(idempotencyKey) : undefined;
    // As Stripe: a key reused with other parameters is an error, not the first answer.
    const answer = !replay
      ? this.answer(request.method ?? '', path, body, parseStripeForm(search), request.headers.authorization)
      : replay.request === `${path} ${text}`
        ? replay
        : error(
            400,
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          );
    // As Stripe: the first answer is replayed as it was then (a snapshot), except for a request
    // refused before it ran (a rate limit, a bad key) or an outage, which saves no result.
    if (
      idempotencyKey &&
      !replay &&
      request.method === 'POST' &&
      answer.status < 500 &&
      ![401, 429].includes(answer.status)
    )
      this.answered.set(idempotencyKey, { ...answer, body: structuredClone(answer.body), request: `${path} ${text}` });
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      'request-id': this.next('req'),
      ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
    });
    response.end(JSON.stringify(answer.body));
  }

  private answer(
    method: string,
    path: string,
    body: Record<string, unknown>,
    query: Record<string, unknown>,
    authorization: string | undefined,
  ) {
    if (authorization !== `Bearer ${FAKE_STRIPE_KEY}`) return error(401, 'Invalid API Key provided');
    const cards = this.cards.answer(method, path, body, query);
    if (cards) return cards;
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (this.failNext) return error(this.failNext, 'The fake was told to fail');
      return { status: 200, body: this.create(body) };
    }
    const found = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === 'GET' && found) {
      const session = this.sessions.get(decodeURIComponent(found[1]!));
      return session ? { status: 200, body: session } : error(404, `No such checkout.session: '${found[1]}'`);
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`);
  }

  private create(body: Record<string, unknown>): FakeSession {
    // Setup mode has no line items: it charges nothing, in the currency the body names.
    const items = (body.line_items ?? []) as {
      quantity: string;
      price_data: { currency: string; unit_amount: string };
    }[];
    const id = this.next('cs');
    const session: FakeSession = {
      id,
      object: 'checkout.session',
      mode: String(body.mode),
      url: `https://checkout.stripe.test/c/${body.mode === 'setup' ? 'setup' : 'pay'}/${id}`,
      customer: (body.customer as string | undefined) ?? null,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: items.length
        ? items.reduce((sum, i) => sum + Number(i.price_data.unit_amount) * Number(i.quantity), 0)
        : null,
      currency: items[0]?.price_data.currency ?? (body.currency as string | undefined) ?? null,
      client_reference_id: (body.client_reference_id as string | undefined) ?? null,
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
      payment_intent: null,
      setup_intent: null,
      success_url: String(body.success_url),
      cancel_url: String(body.cancel_url),
      requested: body,
    };
    this.sessions.set(id, session);
    return session;
  }

  /** The payer paid: the session is complete, with its payment intent. */
  pay(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId)!;
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: this.next('pi'), url: null });
    return session;
  }

  /** The charge of a paid session with `refundedCents` refunded so far, as `charge.refunded` carries it. */
  charge(sessionId: string, refundedCents: number) {
    const session = this.sessions.get(sessionId)!;
    return {
      id: `ch_${session.payment_intent!.slice(3)}`,
      object: 'charge',
      amount: session.amount_total,
      amount_refunded: refundedCents,
      refunded: refundedCents === session.amount_total,
      currency: session.currency,
      payment_intent: session.payment_intent,
      metadata: session.metadata,
    };
  }

  /** A chargeback on a paid session, as `charge.dispute.created` carries it. */
  dispute(sessionId: string) {
    const session = this.sessions.get(sessionId)!;
    return {
      id: this.next('dp'),
      object: 'dispute',
      amount: session.amount_total,
      currency: session.currency,
      charge: this.charge(sessionId, 0).id,
      payment_intent: session.payment_intent,
      reason: 'fraudulent',
      status: 'needs_response',
    };
  }

  /**
   * Who opened a setup page saved `card` (Visa 4242 unless given): the session is complete, with a
   * SetupIntent whose payment method is kept on the session's customer.
   */
  saveCard(sessionId: string, card?: FakeCard): FakeSession {
    const session = this.sessions.get(sessionId)!;
    const requested = session.requested.setup_intent_data as { metadata?: Record<string, string> } | undefined;
    const setup = this.cards.save(session.customer, requested?.metadata ?? {}, card);
    return Object.assign(session, { status: 'complete', setup_intent: setup.id, url: null });
  }

  /** A Checkout payment's intent (after `pay`), with the session's metadata: Tally posts it from the session. */
  checkoutPaymentIntent(sessionId: string) {
    const session = this.sessions.get(sessionId)!;
    const requested = session.requested.payment_intent_data as { metadata?: Record<string, string> } | undefined;
    return {
      id: session.payment_intent!,
      object: 'payment_intent',
      amount: session.amount_total,
      amount_received: session.amount_total,
      currency: session.currency,
      status: 'succeeded',
      metadata: requested?.metadata ?? {},
      last_payment_error: null,
    };
  }

  /** The event Stripe sends when an off-session charge settles, after settling it (see `FakeCards.settle`). */
  paymentIntentEvent(intentId: string, outcome: 'succeeded' | 'failed'): string {
    const intent = this.cards.settle(intentId, outcome);
    return this.event(outcome === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', intent);
  }

  expire(sessionId: string): FakeSession {
    return Object.assign(this.sessions.get(sessionId)!, { status: 'expired', url: null });
  }

  /** The JSON body Stripe would post for `type` with `object` (a snapshot of it now). */
  event(type: string, object: object): string {
    const { requested: _, ...snapshot } = object as FakeSession;
    return JSON.stringify({
      id: this.next('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: snapshot },
    });
  }

  /** The `Stripe-Signature` header for `payload`, made by the SDK as Stripe makes it. */
  sign(payload: string, secret = FAKE_WEBHOOK_SECRET, timestamp?: number): string {
    return stripeSignature(payload, secret, timestamp);
  }
}
