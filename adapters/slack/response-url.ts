import type { RespondFn } from '@slack/bolt';

/**
 * Posts to a response_url as Bolt's `respond()` does (JSON; an answer other than 2xx throws), from
 * a URL kept in a record as well as from a live request. Slack takes up to five answers on one
 * URL within 30 minutes.
 */
export function respondTo(responseUrl: string, timeoutMs = 10_000): RespondFn {
  return async (message) => {
    const response = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    await response.body?.cancel();
    return response;
  };
}
