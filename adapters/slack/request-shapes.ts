import { parse as parseQuery } from 'node:querystring';
import { z } from 'zod';

// What Tally reads of each request Slack sends to /slack/events, checked before Bolt runs: a
// signature proves Slack sent a body, not that its shape is what Bolt and the listeners expect
// (Bolt itself throws, or stops the process, on some). Loose objects: fields Slack adds pass.

const FORM = 'application/x-www-form-urlencoded';

const SlackIdSchema = z.string().regex(/^[A-Z0-9]{2,32}$/i);
const TriggerIdSchema = z.string().regex(/^[\w.-]{1,255}$/);
const HttpUrlSchema = z
  .string()
  .max(2000)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));

const SlashCommandSchema = z.looseObject({
  command: z.string().regex(/^\/[\w-]{1,32}$/),
  // Any length: the listener itself tells the person when their text is too long.
  text: z.string(),
  user_id: SlackIdSchema,
  user_name: z.string().max(255).optional(),
  team_id: SlackIdSchema,
  channel_id: SlackIdSchema,
  trigger_id: TriggerIdSchema,
  response_url: HttpUrlSchema,
});

const PayloadUserSchema = z.looseObject({
  id: SlackIdSchema,
  name: z.string().max(255).optional(),
  username: z.string().max(255).optional(),
  team_id: SlackIdSchema.optional(),
});
const PayloadTeamSchema = z.looseObject({ id: SlackIdSchema }).nullish();
/** Buttons and forms act in a workspace: the payload's team, or the person's. */
const hasWorkspace = (payload: { team?: { id: string } | null | undefined; user: { team_id?: string | undefined } }) =>
  Boolean(payload.team?.id ?? payload.user.team_id);

const BlockActionsSchema = z
  .looseObject({
    type: z.literal('block_actions'),
    user: PayloadUserSchema,
    team: PayloadTeamSchema,
    trigger_id: TriggerIdSchema,
    actions: z
      .array(z.looseObject({ action_id: z.string().min(1).max(255), value: z.string().max(2000).optional() }))
      .min(1)
      .max(25),
    response_url: HttpUrlSchema.optional(),
    channel: z.looseObject({ id: SlackIdSchema }).optional(),
    container: z.looseObject({ message_ts: z.string().max(64).optional() }).optional(),
    message: z.looseObject({ ts: z.string().max(64) }).optional(),
    view: z.looseObject({ type: z.string().max(32) }).optional(),
  })
  .refine(hasWorkspace);

const StateValueSchema = z.looseObject({
  type: z.string().max(64),
  value: z.string().max(3000).nullish(),
  selected_user: SlackIdSchema.nullish(),
  selected_conversation: SlackIdSchema.nullish(),
  selected_option: z.looseObject({ value: z.string().max(2000) }).nullish(),
});

const ViewSubmissionSchema = z
  .looseObject({
    type: z.literal('view_submission'),
    user: PayloadUserSchema,
    team: PayloadTeamSchema,
    view: z.looseObject({
      id: z.string().min(1).max(255),
      callback_id: z.string().max(255),
      private_metadata: z.string().max(3000),
      state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), StateValueSchema)) }),
      blocks: z.array(z.looseObject({ block_id: z.string().max(255).optional() })).max(100),
    }),
  })
  .refine(hasWorkspace);

const AppHomeOpenedSchema = z.looseObject({
  type: z.literal('app_home_opened'),
  user: SlackIdSchema,
  tab: z.string().max(32),
});
const OtherEventSchema = z.looseObject({
  type: z
    .string()
    .min(1)
    .max(100)
    .refine((type) => type !== 'app_home_opened'),
});
const EventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  team_id: SlackIdSchema,
  event: z.union([AppHomeOpenedSchema, OtherEventSchema]),
});

const UrlVerificationSchema = z.looseObject({ type: z.literal('url_verification'), challenge: z.string().max(1000) });

const SlackRequestSchema = z.union([
  SlashCommandSchema,
  BlockActionsSchema,
  ViewSubmissionSchema,
  EventCallbackSchema,
  UrlVerificationSchema,
]);

/**
 * The body as Slack's receiver reads it (Bolt's rule): a form, its `payload` field as JSON when it has
 * one; anything else, JSON. Throws on JSON that does not parse.
 */
export function parseSlackBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString();
  if (contentType === FORM) {
    const fields = parseQuery(text);
    return typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
  }
  return JSON.parse(text);
}

/** Slack's reachability probe, which Slack does not sign; Bolt answers it and drops the rest of the body. */
export function isSslCheck(raw: Buffer, contentType: string | undefined): boolean {
  return contentType === FORM && parseQuery(raw.toString()).ssl_check === '1';
}

/** True when the body is a request Tally handles, in a shape its listeners can read. */
export function isHandledSlackRequest(raw: Buffer, contentType: string | undefined): boolean {
  try {
    return SlackRequestSchema.safeParse(parseSlackBody(raw, contentType)).success;
  } catch {
    return false; // not JSON, or a payload that is not
  }
}
