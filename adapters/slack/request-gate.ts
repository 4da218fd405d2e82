import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import { readBody } from '../shared/read-body.ts';
import { isHandledSlackRequest, isSslCheck } from './request-shapes.ts';
import { isFreshSlackTimestamp } from './request-time.ts';

// Bolt's own limit on a request body.
const BODY_LIMIT = 4 * 1024 * 1024;

export interface SlackGateOptions {
  signingSecret: string;
  endpoints: readonly string[];
  now?: () => number;
}

function refuse(res: ServerResponse, status: number) {
  if (!res.headersSent) res.writeHead(status).end();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Wraps a receiver's request listener. A POST to one of Slack's endpoints reaches Bolt only when
 * it is fresh (401), signed (401) and shaped as a request Tally handles (400); Bolt then reads the
 * body kept on the request (its `rawBody` convention) and verifies it again. Other requests
 * pass through untouched.
 */
export function slackRequestGate(listener: RequestListener, options: SlackGateOptions): RequestListener {
  const now = options.now ?? Date.now;
  const check = async (req: IncomingMessage, res: ServerResponse) => {
    let raw: Buffer | null;
    try {
      raw = await readBody(req, BODY_LIMIT);
    } catch {
      return; // the client went away mid-body
    }
    if (!raw) return refuse(res, 413);
    const contentType = header(req, 'content-type');
    if (!isSslCheck(raw, contentType)) {
      const timestamp = header(req, 'x-slack-request-timestamp');
      if (!isFreshSlackTimestamp(timestamp, now())) return refuse(res, 401);
      const signed = isValidSlackRequest({
        signingSecret: options.signingSecret,
        body: raw.toString(),
        headers: {
          'x-slack-signature': header(req, 'x-slack-signature') ?? '',
          'x-slack-request-timestamp': Number(timestamp),
        },
      });
      if (!signed) return refuse(res, 401);
      if (!isHandledSlackRequest(raw, contentType)) return refuse(res, 400);
    }
    Object.assign(req, { rawBody: raw });
    listener(req, res);
  };
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !options.endpoints.includes(path)) return listener(req, res);
    check(req, res).catch(() => refuse(res, 500));
  };
}
