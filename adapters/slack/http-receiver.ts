import {
  type App,
  AuthorizationError,
  type Logger,
  type Receiver,
  type ReceiverEvent,
  ReceiverMultipleAckError,
} from '@slack/bolt';
import { type HttpRoute, noBody } from '../http/http-route.ts';
import { readBody } from '../http/read-body.ts';
import { slackRequestRefusal } from './request-gate.ts';
import { parseSlackBody } from './request-shapes.ts';

export const SLACK_ENDPOINT = '/slack/events';
// Bolt's own limit on a request body.
const BODY_LIMIT = 4 * 1024 * 1024;
// Bolt's: a request no listener acknowledged in Slack's 3 seconds is answered 404.
const UNACKNOWLEDGED_MS = 3001;

type SlackBody = Record<string, unknown>;

/** What `ack(response)` sends, as Bolt's receivers do: nothing, text, or JSON. */
function acknowledgement(response: unknown): Response {
  if (!response) return new Response(null, { status: 200 });
  if (typeof response === 'string') return new Response(response, { status: 200 });
  return Response.json(response);
}

function retryNumber(headers: Headers): number | undefined {
  const value = headers.get('x-slack-retry-num');
  return value === null ? undefined : Number.parseInt(value, 10);
}

/**
 * Bolt's receiver for `POST /slack/events` on Tally's HTTP application. The request is gated
 * (time, signature on the raw body, shape) before Bolt sees it; url_verification and ssl_check are
 * answered here; otherwise the HTTP response is whatever the listener acks, sent as soon as it
 * acks while the listener carries on (Bolt's processBeforeResponse: false).
 */
export class SlackHttpReceiver implements Receiver {
  private bolt: App | undefined;
  private receiving = false;
  readonly route: HttpRoute = { method: 'POST', path: SLACK_ENDPOINT, handle: (request) => this.handle(request) };

  constructor(private readonly options: { signingSecret: string; logger: Logger; now?: () => number }) {}

  init(app: App): void {
    this.bolt = app;
  }

  async start(): Promise<void> {
    this.receiving = true;
  }

  async stop(): Promise<void> {
    this.receiving = false;
  }

  private async handle(request: Request): Promise<Response> {
    // Before start and after stop: Slack retries what it could not deliver.
    if (!this.receiving || !this.bolt) return noBody(503);
    let raw: Buffer | null;
    try {
      raw = await readBody(request, BODY_LIMIT);
    } catch {
      return noBody(400); // the client went away mid-body
    }
    if (!raw) return noBody(413);
    const refusal = slackRequestRefusal(raw, request.headers, this.options);
    if (refusal) return noBody(refusal);
    let body: unknown;
    try {
      body = parseSlackBody(raw, request.headers.get('content-type') ?? undefined);
    } catch {
      return noBody(400);
    }
    if (typeof body !== 'object' || body === null) return noBody(400);
    const fields = body as SlackBody;
    if (fields.ssl_check === '1') return noBody(200);
    if (fields.type === 'url_verification') return Response.json({ challenge: fields.challenge });
    return this.dispatch(this.bolt, fields, request.headers);
  }

  /** Hands the event to Bolt; resolves with the first of: its ack, its failure, Slack's deadline. */
  private dispatch(bolt: App, body: SlackBody, headers: Headers): Promise<Response> {
    const { logger } = this.options;
    return new Promise((respond) => {
      let acked = false;
      let answered = false;
      const answer = (response: Response) => {
        answered = true;
        clearTimeout(deadline);
        respond(response);
      };
      const deadline = setTimeout(() => {
        if (answered) return;
        logger.error('An incoming event was not acknowledged within 3 seconds. Ensure that ack() is called.');
        answer(noBody(404));
      }, UNACKNOWLEDGED_MS);
      const event: ReceiverEvent = {
        body,
        retryNum: retryNumber(headers),
        retryReason: headers.get('x-slack-retry-reason') ?? undefined,
        customProperties: {},
        ack: async (response) => {
          if (acked) throw new ReceiverMultipleAckError();
          acked = true;
          if (!answered) answer(acknowledgement(response));
        },
      };
      bolt.processEvent(event).catch((error: unknown) => {
        if (answered) {
          logger.error('An unhandled error occurred after ack() called in a listener');
          return;
        }
        logger.error('An unhandled error occurred while Bolt processed an event');
        answer(noBody(error instanceof AuthorizationError ? 401 : 500));
      });
    });
  }
}
