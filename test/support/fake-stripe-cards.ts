/** What the fake answers: an HTTP status and Stripe's JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

/** Stripe's error body; `fields` adds code, param, payment_intent… as Stripe sends them. */
export const apiError = (status: number, message: string, fields: Record<string, unknown> = {}): Answer => ({
  status,
  body: { error: { type: 'invalid_request_error', message, ...fields } },
});

/** How a saved card answers an off-session charge; `succeed` unless a test says otherwise. */
export type CardBehaviour = 'succeed' | 'decline' | 'authentication_required' | 'processing' | 'requires_action';

export interface FakeCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
}

export interface FakeCustomer {
  id: string;
  object: 'customer';
  name: string | null;
  metadata: Record<string, string>;
}

export interface FakePaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: FakeCard;
  /** Null once detached: the card can no longer be charged. */
  customer: string | null;
}

export interface FakeSetupIntent {
  id: string;
  object: 'setup_intent';
  status: 'succeeded';
  usage: 'off_session';
  customer: string | null;
  payment_method: string;
  metadata: Record<string, string>;
}

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  payment_method: string | null;
  description: string | null;
  status: 'succeeded' | 'processing' | 'requires_payment_method' | 'requires_action';
  metadata: Record<string, string>;
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  /** What Tally asked for, as the API received it (not part of Stripe's answer). */
  requested: Record<string, unknown>;
}

export const VISA_4242: FakeCard = { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 };

// Stripe's own words for these declines (its test cards 4000 0000 0000 0002 and …3155).
const DECLINES = {
  decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  authentication_required: {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
} as const;

const STATUS: Record<CardBehaviour, FakePaymentIntent['status']> = {
  succeed: 'succeeded',
  processing: 'processing',
  requires_action: 'requires_action',
  decline: 'requires_payment_method',
  authentication_required: 'requires_payment_method',
};

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The part of the fake Stripe that keeps cards: `POST /v1/customers`, `GET /v1/setup_intents/:id`
 * (with `expand[]=payment_method`), `POST /v1/payment_intents` (off-session, confirmed at once) and
 * `GET /v1/payment_intents/:id`. Cards are saved by a test (`save`), not by a browser.
 */
export class FakeCards {
  readonly customers = new Map<string, FakeCustomer>();
  readonly paymentMethods = new Map<string, FakePaymentMethod>();
  readonly setupIntents = new Map<string, FakeSetupIntent>();
  readonly paymentIntents = new Map<string, FakePaymentIntent>();
  /** How each payment method (by id) answers a charge. */
  readonly cardBehaviour = new Map<string, CardBehaviour>();
  /** Statuses the next payment intent creations fail with, one each, before any is made (500: an outage). */
  readonly chargeFailures: number[] = [];

  constructor(private readonly next: (prefix: string) => string) {}

  reset() {
    for (const map of [this.customers, this.paymentMethods, this.setupIntents, this.paymentIntents, this.cardBehaviour])
      map.clear();
    this.chargeFailures.length = 0;
  }

  /** The answer to a request this part serves, or undefined for another part's path. */
  answer(method: string, path: string, body: Record<string, unknown>, query: Record<string, unknown>) {
    if (method === 'POST' && path === '/v1/customers') return { status: 200, body: this.customer(body) };
    if (method === 'POST' && path === '/v1/payment_intents') return this.charge(body);
    const [, kind, id] = /^\/v1\/(setup_intents|payment_intents)\/([^/]+)$/.exec(path) ?? [];
    if (method !== 'GET' || !kind || !id) return undefined;
    const found = kind === 'setup_intents' ? this.setupIntents.get(id) : this.paymentIntents.get(id);
    if (!found)
      return apiError(404, `No such ${kind.slice(0, -1)}: '${id}'`, { code: 'resource_missing', param: 'intent' });
    const expand = (query.expand as string[] | undefined) ?? [];
    return { status: 200, body: this.expanded(found, expand) };
  }

  private expanded(object: FakeSetupIntent | FakePaymentIntent, expand: string[]) {
    const { requested: _, ...shown } = object as FakePaymentIntent;
    if (!expand.includes('payment_method') || !object.payment_method) return shown;
    return { ...shown, payment_method: this.paymentMethods.get(object.payment_method) ?? null };
  }

  private customer(body: Record<string, unknown>): FakeCustomer {
    const customer: FakeCustomer = {
      id: this.next('cus'),
      object: 'customer',
      name: text(body.name),
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  private charge(body: Record<string, unknown>): Answer {
    const failure = this.chargeFailures.shift();
    if (failure) return apiError(failure, 'The fake was told to fail', { type: 'api_error' });
    const customer = text(body.customer);
    if (customer && !this.customers.has(customer))
      return apiError(400, `No such customer: '${customer}'`, { code: 'resource_missing', param: 'customer' });
    const methodId = text(body.payment_method) ?? '';
    const method = this.paymentMethods.get(methodId);
    if (!method || method.customer !== customer)
      return apiError(400, `No such PaymentMethod: '${methodId}'`, {
        code: 'resource_missing',
        param: 'payment_method',
      });
    const behaviour = this.cardBehaviour.get(methodId) ?? 'succeed';
    const amount = Number(body.amount);
    const intent: FakePaymentIntent = {
      id: this.next('pi'),
      object: 'payment_intent',
      amount,
      amount_received: behaviour === 'succeed' ? amount : 0,
      currency: String(body.currency),
      customer,
      payment_method: methodId,
      description: text(body.description),
      status: STATUS[behaviour],
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
      last_payment_error: null,
      requested: body,
    };
    this.paymentIntents.set(intent.id, intent);
    if (behaviour !== 'decline' && behaviour !== 'authentication_required')
      return { status: 200, body: this.expanded(intent, []) };
    // As Stripe: a declined off-session payment is a 402 card error carrying the payment intent.
    intent.last_payment_error = { type: 'card_error', ...DECLINES[behaviour] };
    return {
      status: 402,
      body: {
        error: {
          type: 'card_error',
          ...DECLINES[behaviour],
          payment_method: method,
          payment_intent: this.expanded(intent, []),
        },
      },
    };
  }

  /**
   * The payer saved `card` on a setup page made for `customer` with `metadata`: a payment method
   * kept on the customer and a succeeded SetupIntent naming it.
   */
  save(customer: string | null, metadata: Record<string, string>, card: FakeCard = VISA_4242): FakeSetupIntent {
    const method: FakePaymentMethod = { id: this.next('pm'), object: 'payment_method', type: 'card', card, customer };
    this.paymentMethods.set(method.id, method);
    const setup: FakeSetupIntent = {
      id: this.next('seti'),
      object: 'setup_intent',
      status: 'succeeded',
      usage: 'off_session',
      customer,
      payment_method: method.id,
      metadata,
    };
    this.setupIntents.set(setup.id, setup);
    return setup;
  }

  /** An accepted payment settles: `succeeded` (the money arrived) or `failed` (a late decline). */
  settle(intentId: string, outcome: 'succeeded' | 'failed'): FakePaymentIntent {
    const intent = this.paymentIntents.get(intentId)!;
    if (outcome === 'succeeded') return Object.assign(intent, { status: 'succeeded', amount_received: intent.amount });
    return Object.assign(intent, {
      status: 'requires_payment_method',
      amount_received: 0,
      last_payment_error: { type: 'card_error', ...DECLINES.decline },
    });
  }
}
