import {
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  modalSubmitInteraction,
} from '../fixtures/discord-payloads.ts';
import {
  appHomeOpened,
  asForm,
  blockActionPayload,
  slashCommand,
  viewSubmissionPayload,
} from '../fixtures/slack-payloads.ts';
import { type Breakable, breakFields, HUGE, JUNK_BODIES, NOT_ID, NOT_OBJECT, NOT_TEXT } from './malformed.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Whose signature a request carries; `apikey`: a team API key as the Bearer token (and an Idempotency-Key). */
export type Signing = 'slack' | 'discord' | 'stripe' | 'apikey';

/** One request of the fuzz run; `signing` says whose signature it carries. */
export interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  body: string;
  contentType: string | undefined;
  signing: Signing | 'none';
  /** The body the signature was made for, when it is not `body` (changed after signing). */
  signed?: string;
}

/** A well-formed request Tally acts on, and the fields that, broken, must stop it. */
export interface Template {
  name: string;
  path: '/slack/events' | '/discord/interactions' | '/stripe/webhook' | '/api/v1/resources';
  signing: Signing;
  contentType: string;
  document: unknown;
  encode: (document: unknown) => string;
  fields: readonly Breakable[];
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const WRONG_CONTENT_TYPES = [
  undefined,
  'text/plain',
  `${FORM}; charset=UTF-8`,
  JSON_TYPE,
  FORM,
  'multipart/form-data; boundary=x',
  'application/xml',
];

/** A form field given twice (a list of values is encoded as the key repeated). */
const TWICE = ['first', 'second'];
const formEncode = (document: unknown) =>
  Object.entries(document as Record<string, string | string[]>)
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map(
        (v) => `${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`,
      ),
    )
    .join('&');

const SLASH_FIELDS: Breakable[] = [
  { path: ['command'], junk: ['', HUGE, TWICE], always: true },
  { path: ['text'], junk: [TWICE], always: true },
  { path: ['user_id'], junk: ['', ' ', '💥', HUGE, TWICE], always: true },
  { path: ['team_id'], junk: ['', ' ', '💥', HUGE, TWICE], always: true },
  { path: ['channel_id'], junk: ['', ' ', HUGE, TWICE], always: true },
  { path: ['trigger_id'], junk: ['', HUGE, TWICE], always: true },
  { path: ['response_url'], junk: ['', 'not a url', 'javascript:alert(1)', HUGE, TWICE], always: true },
];

const ACTION_FIELDS: Breakable[] = [
  { path: ['type'], junk: NOT_ID, always: true },
  { path: ['user'], junk: NOT_OBJECT, always: true },
  { path: ['user', 'id'], junk: NOT_ID, always: true },
  { path: ['trigger_id'], junk: NOT_TEXT, always: true },
  { path: ['actions'], junk: [...NOT_OBJECT, []], always: true },
  { path: ['actions', 0], junk: NOT_OBJECT, always: true },
  { path: ['actions', 0, 'action_id'], junk: NOT_TEXT, always: true },
  { path: ['actions', 0, 'value'], junk: NOT_TEXT, always: true },
  { path: ['response_url'], junk: [...NOT_TEXT, 'not a url'] },
];

const VIEW_FIELDS: Breakable[] = [
  { path: ['type'], junk: NOT_ID, always: true },
  { path: ['user'], junk: NOT_OBJECT, always: true },
  { path: ['user', 'id'], junk: NOT_ID, always: true },
  { path: ['view'], junk: NOT_OBJECT, always: true },
  { path: ['view', 'id'], junk: NOT_TEXT, always: true },
  { path: ['view', 'callback_id'], junk: NOT_TEXT, always: true },
  { path: ['view', 'private_metadata'], junk: NOT_TEXT, always: true },
  { path: ['view', 'state'], junk: NOT_OBJECT, always: true },
  { path: ['view', 'state', 'values'], junk: NOT_OBJECT, always: true },
  { path: ['view', 'state', 'values', 'name', 'value'], junk: NOT_OBJECT },
  { path: ['view', 'blocks'], junk: NOT_OBJECT, always: true },
];

const EVENT_FIELDS: Breakable[] = [
  { path: ['type'], junk: NOT_ID, always: true },
  { path: ['team_id'], junk: NOT_ID, always: true },
  { path: ['event'], junk: NOT_OBJECT, always: true },
  { path: ['event', 'type'], junk: NOT_TEXT, always: true },
  { path: ['event', 'user'], junk: NOT_ID, always: true },
  { path: ['event', 'tab'], junk: NOT_TEXT, always: true },
];

/** What Tally handles from Slack: a slash command, a button, a form, the Home tab. */
export function slackTemplates(responseUrl: string): Template[] {
  const slack = { path: '/slack/events', signing: 'slack' } as const;
  const payloadForm = (document: unknown) => asForm(document);
  const view = { private_metadata: JSON.stringify({ c: 'team create', a: {} }), blocks: [{ block_id: 'name' }] };
  return [
    {
      ...slack,
      name: 'command',
      contentType: FORM,
      document: Object.fromEntries(new URLSearchParams(slashCommand('alice', '/team', 'create Fuzz', responseUrl))),
      encode: formEncode,
      fields: SLASH_FIELDS,
    },
    {
      ...slack,
      name: 'button',
      contentType: FORM,
      document: blockActionPayload(
        'alice',
        { action_id: 'tally:0', value: JSON.stringify({ c: 'team create', a: { name: 'Fuzz' } }) },
        responseUrl,
      ),
      encode: payloadForm,
      fields: ACTION_FIELDS,
    },
    {
      ...slack,
      name: 'form',
      contentType: FORM,
      document: viewSubmissionPayload('alice', view, { name: { type: 'plain_text_input', value: 'Fuzz' } }),
      encode: payloadForm,
      fields: VIEW_FIELDS,
    },
    {
      ...slack,
      name: 'home',
      contentType: JSON_TYPE,
      document: appHomeOpened('alice'),
      encode: JSON.stringify,
      fields: EVENT_FIELDS,
    },
  ];
}

const ENVELOPE: Breakable[] = [
  { path: ['id'], junk: NOT_ID, always: true },
  { path: ['application_id'], junk: NOT_ID, always: true },
  { path: ['token'], junk: NOT_TEXT, always: true },
  { path: ['type'], junk: [...NOT_TEXT.filter((v) => typeof v !== 'number'), 0, 6, 99, '2'], always: true },
  { path: ['data'], junk: NOT_OBJECT, always: true },
  { path: ['member'], junk: NOT_OBJECT, always: true },
  { path: ['member', 'user'], junk: NOT_OBJECT, always: true },
  { path: ['member', 'user', 'id'], junk: NOT_ID, always: true },
  { path: ['member', 'user', 'username'], junk: NOT_TEXT, always: true },
  { path: ['channel'], junk: NOT_OBJECT },
];

const COMMAND_FIELDS: Breakable[] = [
  ...ENVELOPE,
  { path: ['data', 'name'], junk: NOT_TEXT, always: true },
  { path: ['data', 'options'], junk: NOT_OBJECT },
  { path: ['data', 'options', 0], junk: NOT_OBJECT, always: true },
  { path: ['data', 'options', 0, 'type'], junk: [...NOT_TEXT, 99], always: true },
  { path: ['data', 'options', 0, 'name'], junk: NOT_TEXT, always: true },
  { path: ['data', 'options', 0, 'options'], junk: NOT_OBJECT },
  { path: ['data', 'options', 0, 'options', 0], junk: NOT_OBJECT, always: true },
  { path: ['data', 'options', 0, 'options', 0, 'name'], junk: [...NOT_TEXT, '', ' ', 'two words'], always: true },
  { path: ['data', 'options', 0, 'options', 0, 'value'], junk: [null, {}, [], HUGE, NOT_OBJECT.at(-1)] },
  { path: ['data', 'resolved'], junk: NOT_OBJECT },
];

const BUTTON_FIELDS: Breakable[] = [...ENVELOPE, { path: ['data', 'custom_id'], junk: NOT_TEXT, always: true }];

const MODAL_FIELDS: Breakable[] = [
  ...ENVELOPE,
  { path: ['data', 'custom_id'], junk: NOT_TEXT, always: true },
  { path: ['data', 'components'], junk: NOT_OBJECT, always: true },
  { path: ['data', 'components', 0], junk: [...NOT_OBJECT, {}], always: true },
  { path: ['data', 'components', 0, 'components'], junk: [...NOT_OBJECT, []], always: true },
  { path: ['data', 'components', 0, 'components', 0], junk: NOT_OBJECT, always: true },
  { path: ['data', 'components', 0, 'components', 0, 'custom_id'], junk: NOT_TEXT, always: true },
  { path: ['data', 'components', 0, 'components', 0, 'value'], junk: NOT_TEXT, always: true },
];

/** What Tally handles from Discord: a command, autocomplete, a button, a modal. */
export function discordTemplates(): Template[] {
  const discord = {
    path: '/discord/interactions',
    signing: 'discord',
    contentType: JSON_TYPE,
    encode: JSON.stringify,
  } as const;
  return [
    {
      ...discord,
      name: 'command',
      document: commandInteraction('alice', 'team', ['create'], { name: 'Fuzz' }),
      fields: COMMAND_FIELDS,
    },
    {
      ...discord,
      name: 'autocomplete',
      document: autocompleteInteraction('alice', 'team', ['switch'], { to: 'Fu' }, 'to'),
      fields: COMMAND_FIELDS,
    },
    {
      ...discord,
      name: 'button',
      document: buttonInteraction('alice', 'r0|team%20create|name=Fuzz'),
      fields: BUTTON_FIELDS,
    },
    {
      ...discord,
      name: 'modal',
      document: modalSubmitInteraction('alice', 'f0|team%20create', { name: 'Fuzz' }),
      fields: MODAL_FIELDS,
    },
  ];
}

// Stripe's envelope, the only part the webhook reads before storing an event: each value here is
// refused (a signed event with any id, type and data object is stored, as Stripe means it to be).
const NOT_NONEMPTY_TEXT = [...NOT_TEXT.filter((v) => typeof v !== 'string'), ''];
const STRIPE_FIELDS: Breakable[] = [
  { path: ['id'], junk: NOT_NONEMPTY_TEXT, always: true },
  { path: ['type'], junk: NOT_NONEMPTY_TEXT, always: true },
  { path: ['data'], junk: NOT_OBJECT, always: true },
];

/** What Tally handles from Stripe: an event, here a paid Checkout Session Tally did not make. */
export function stripeTemplates(): Template[] {
  const session = {
    id: 'cs_test_FAKE0001',
    object: 'checkout.session',
    payment_status: 'paid',
    amount_total: 5000,
    currency: 'usd',
    payment_intent: 'pi_FAKE0001',
    metadata: {},
  };
  return [
    {
      name: 'event',
      path: '/stripe/webhook',
      signing: 'stripe',
      contentType: JSON_TYPE,
      document: { id: 'evt_FAKE0001', object: 'event', type: 'checkout.session.completed', data: { object: session } },
      encode: JSON.stringify,
      fields: STRIPE_FIELDS,
    },
  ];
}

// A launch through the REST API: each field broken is one no launch takes (never text, or none).
const LAUNCH_FIELDS: Breakable[] = [
  { path: ['kind'], junk: NOT_ID, always: true },
  { path: ['flavor'], junk: NOT_TEXT, always: true },
  { path: ['name'], junk: NOT_TEXT, always: true },
];

/** What Tally handles from a program: a launch with a team API key. */
export function apiTemplates(): Template[] {
  return [
    {
      name: 'launch',
      path: '/api/v1/resources',
      signing: 'apikey',
      contentType: JSON_TYPE,
      document: { kind: 'instance', flavor: 'h100', name: 'fuzz' },
      encode: JSON.stringify,
      fields: LAUNCH_FIELDS,
    },
  ];
}

export function intact(template: Template): FuzzRequest {
  return {
    label: `${template.signing} ${template.name}`,
    method: 'POST',
    path: template.path,
    body: template.encode(template.document),
    contentType: template.contentType,
    signing: template.signing,
  };
}

/**
 * `count` requests to the templates' endpoint: each template broken at random, or a junk body,
 * and now and then the wrong content type. Every junk body is also sent once as each of the
 * endpoint's content types.
 */
export function brokenCases(random: SeededRandom, templates: readonly Template[], count: number): FuzzRequest[] {
  const { path, signing } = templates[0]!;
  const contentTypes = [...new Set(templates.map((t) => t.contentType))];
  const request = (label: string, body: string, contentType: string | undefined): FuzzRequest => ({
    label: `${signing} ${label} [${contentType}]`,
    method: 'POST',
    path,
    body,
    contentType,
    signing,
  });
  const sweep = JUNK_BODIES.flatMap(([label, body]) => contentTypes.map((type) => request(label, body, type)));
  const made = Array.from({ length: count }, () => {
    const wrongType = random.chance(0.1) ? random.pick(WRONG_CONTENT_TYPES) : undefined;
    if (random.chance(0.15)) {
      const [label, body] = random.pick(JUNK_BODIES);
      return request(label, body, wrongType ?? random.pick(contentTypes));
    }
    const template = random.pick(templates);
    const broken = breakFields(random, template.document, template.fields);
    return request(
      `${template.name}: ${broken.label}`,
      template.encode(broken.body),
      wrongType ?? template.contentType,
    );
  });
  return [...sweep, ...made];
}

/**
 * Each template's intact body with a signature that does not fit it: none, another platform's, or
 * its own made for the body before a byte changed (or, for the API, another platform's in place of a key).
 */
export function badSignatureCases(templates: readonly Template[]): FuzzRequest[] {
  return templates.flatMap((template) => {
    const body = template.encode(template.document);
    const request = intact(template);
    const others = (['none', 'slack', 'discord', 'stripe', 'apikey'] as const).filter((s) => s !== template.signing);
    return [
      ...others.map((signing) => ({ ...request, label: `${request.label} signed by ${signing}`, signing })),
      // An API key signs no body: changed, the request is as good as before.
      ...(template.signing === 'apikey'
        ? []
        : [{ ...request, label: `${request.label} changed after signing`, body: `${body} `, signed: body }]),
    ];
  });
}

const OTHER_REQUESTS: readonly (readonly [string, string])[] = [
  ['GET', '/healthz'],
  ['GET', '/healthz?verbose=%ZZ&x=1'],
  ['HEAD', '/healthz'],
  ['POST', '/healthz'],
  ['DELETE', '/healthz'],
  ['GET', '/slack/events'],
  ['PUT', '/slack/events'],
  ['GET', '/discord/interactions'],
  ['PATCH', '/discord/interactions'],
  ['POST', '/discord/interactions/extra'],
  ['GET', '/stripe/webhook'],
  ['PUT', '/stripe/webhook'],
  ['POST', '/stripe/webhook/extra'],
  ['POST', '/stripe/webhook?x=%ZZ'],
  ['GET', '/api/v1'],
  ['GET', '/api/v1/openapi.json'],
  ['POST', '/api/v1/openapi.json'],
  ['PUT', '/api/v1/balance'],
  ['GET', '/api/v1/ledger?limit=%ZZ&cursor=%F0%9F%92%A5'],
  ['GET', `/api/v1/ledger?cursor=${'A'.repeat(5000)}`],
  ['GET', '/api/v1/invoices/%ZZ'],
  ['GET', '/api/v1/invoices/..%2f..%2fetc'],
  ['DELETE', '/api/v1/resources/%00'],
  ['DELETE', `/api/v1/resources/${'x'.repeat(500)}`],
  ['POST', '/api/v1/resources/extra'],
  ['GET', '/'],
  ['OPTIONS', '/'],
  ['GET', '/nope'],
  ['POST', '/nope'],
  ['GET', '/%ZZ'],
  ['GET', '/healthz%ZZ'],
  ['POST', '/slack/events%00'],
  ['GET', '/..%2f..%2fetc%2fpasswd'],
  ['GET', '//healthz'],
  ['GET', `/${'a'.repeat(8000)}`],
  ['GET', '/join/TALLY-0000-0000-0000-0000'],
  ['HEAD', `/join/${'A'.repeat(8000)}`],
  ['GET', '/join/%ZZ/..%2f'],
  ['POST', '/join/TALLY-0000-0000-0000-0000'],
];

// Past every endpoint's limit (Slack's 4 MB, Discord's and Stripe's 1 MB, the REST API's 64 KB).
const OVERSIZED = 'x'.repeat(5 * 1024 * 1024);

/** /healthz, unknown paths and methods with bodies that make no sense there, and bodies past every limit. */
export function otherCases(random: SeededRandom): FuzzRequest[] {
  const others = OTHER_REQUESTS.map(([method, path]): FuzzRequest => {
    const [label, body] = random.pick(JUNK_BODIES);
    const withBody = method !== 'GET' && method !== 'HEAD' && random.chance(0.7);
    return {
      label: `${method} ${path.slice(0, 40)} with ${withBody ? label : 'no body'}`,
      method,
      path,
      body: withBody ? body : '',
      contentType: random.pick(WRONG_CONTENT_TYPES),
      signing: random.pick(['slack', 'discord', 'stripe', 'apikey', 'none'] as const),
    };
  });
  const paths = {
    slack: '/slack/events',
    discord: '/discord/interactions',
    stripe: '/stripe/webhook',
    apikey: '/api/v1/resources',
  } as const;
  const oversized = Object.entries(paths).map(
    ([signing, path]): FuzzRequest => ({
      label: `${signing} 5 MB body`,
      method: 'POST',
      path,
      body: OVERSIZED,
      contentType: JSON_TYPE,
      signing: signing as Signing,
    }),
  );
  return [...others, ...oversized];
}
