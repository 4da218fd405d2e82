import type { HttpRoute } from './http-route.ts';

export interface HealthPart {
  ok: boolean;
  [detail: string]: unknown;
}

/** `GET /healthz`: 200 when every part is healthy, 503 otherwise, with each part's state. */
export function healthRoute(parts: () => Promise<Record<string, HealthPart>>): HttpRoute {
  return {
    method: 'GET',
    path: '/healthz',
    async handle() {
      const checked = await parts();
      const ok = Object.values(checked).every((part) => part.ok);
      return Response.json({ status: ok ? 'ok' : 'degraded', ...checked }, { status: ok ? 200 : 503 });
    },
  };
}
