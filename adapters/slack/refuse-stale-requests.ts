import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

// Slack's rule: a request stamped more than 5 minutes from now is a replay. Bolt's receiver
// refuses only the old ones, so a request signed with a future stamp could be replayed for as
// long as that stamp stays "recent"; this refuses both directions.
const MAX_SKEW_SECONDS = 5 * 60;

export function isFreshSlackTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(header)) <= MAX_SKEW_SECONDS;
}

/**
 * Wraps a receiver's request listener: a POST to one of Slack's endpoints whose timestamp is not
 * fresh gets 401 before Bolt reads the body; every other request passes through untouched.
 */
export function refuseStaleSlackRequests(listener: RequestListener, endpoints: readonly string[], now: () => number = Date.now): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && endpoints.includes(path) && !isFreshSlackTimestamp(req.headers['x-slack-request-timestamp'], now())) {
      req.resume(); // drain the body so the connection can be reused
      res.writeHead(401).end();
      return;
    }
    listener(req, res);
  };
}
