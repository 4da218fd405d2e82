import { describe, expect, it } from 'vitest';
import { healthRoute } from '../../adapters/http/health.ts';
import type { HttpRoute } from '../../adapters/http/http-route.ts';
import { serveRoutes } from '../support/serve-routes.ts';

describe("Tally's HTTP application", () => {
  it('routes by method and path, answers 404 otherwise, 503 when a part is unhealthy, 500 when a handler throws', async () => {
    let dbOk = true;
    const echo: HttpRoute = {
      method: 'POST',
      path: '/echo',
      handle: async (request) => new Response(Buffer.from(await request.arrayBuffer()).reverse(), { status: 201 }),
    };
    const server = await serveRoutes([
      healthRoute(async () => ({ database: { ok: dbOk, kind: 'postgres' }, discord: { ok: true } })),
      echo,
      {
        method: 'POST',
        path: '/boom',
        handle: async () => {
          throw new Error('boom');
        },
      },
    ]);
    const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
    try {
      const healthy = await fetch(url('/healthz'));
      expect([healthy.status, healthy.headers.get('content-type'), await healthy.json()]).toEqual([
        200,
        'application/json',
        { status: 'ok', database: { ok: true, kind: 'postgres' }, discord: { ok: true } },
      ]);
      dbOk = false;
      const sick = await fetch(url('/healthz'));
      expect([sick.status, ((await sick.json()) as { status: string }).status]).toEqual([503, 'degraded']);
      // The raw body reaches the route byte for byte (signatures are checked on it).
      const echoed = await fetch(url('/echo'), { method: 'POST', body: 'a=1&b=%20' });
      expect([echoed.status, await echoed.text()]).toEqual([201, '02%=b&1=a']);
      const missing = await fetch(url('/nothing'));
      expect([missing.status, await missing.text()]).toEqual([404, '{"error":"not found"}']);
      expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(404);
      expect((await fetch(url('/echo/'), { method: 'POST' })).status).toBe(404);
      expect((await fetch(url('/boom'), { method: 'POST' })).status).toBe(500);
      expect((await fetch(url('/healthz'))).status).toBe(503); // still serving after the throw
    } finally {
      await server.close();
    }
  });
});
