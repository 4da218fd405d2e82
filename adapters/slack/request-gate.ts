import { isValidSlackRequest } from '@slack/bolt';
import { isHandledSlackRequest, isSslCheck } from './request-shapes.ts';
import { isFreshSlackTimestamp } from './request-time.ts';

export interface SlackGateOptions {
  signingSecret: string;
  now?: () => number;
}

/**
 * Why a request to Slack's endpoint is refused before Bolt sees it: stale or future-stamped (401),
 * unsigned or signed with another secret (401), or not shaped as a request Tally handles (400).
 * Undefined when it may pass. Slack's ssl_check carries no signature and always passes.
 */
export function slackRequestRefusal(raw: Buffer, headers: Headers, options: SlackGateOptions): 400 | 401 | undefined {
  const contentType = headers.get('content-type') ?? undefined;
  if (isSslCheck(raw, contentType)) return undefined;
  const timestamp = headers.get('x-slack-request-timestamp') ?? undefined;
  if (!isFreshSlackTimestamp(timestamp, (options.now ?? Date.now)())) return 401;
  const signed = isValidSlackRequest({
    signingSecret: options.signingSecret,
    body: raw.toString(),
    headers: {
      'x-slack-signature': headers.get('x-slack-signature') ?? '',
      'x-slack-request-timestamp': Number(timestamp),
    },
  });
  if (!signed) return 401;
  if (!isHandledSlackRequest(raw, contentType)) return 400;
  return undefined;
}
