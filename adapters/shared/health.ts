import type { Handler } from './http-server.ts';

export interface HealthPart {
  ok: boolean;
  [detail: string]: unknown;
}

/** `GET /healthz`: 200 when every part is healthy, 503 otherwise, with each part's state. */
export function healthEndpoint(parts: () => Promise<Record<string, HealthPart>>): Handler {
  return async (_req, res) => {
    const checked = await parts();
    const ok = Object.values(checked).every((part) => part.ok);
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: ok ? 'ok' : 'degraded', ...checked }));
  };
}
