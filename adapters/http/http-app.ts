import { Hono } from 'hono';
import type { HttpRoute } from './http-route.ts';

/**
 * The one HTTP application: each adapter (and the composition root) registers its routes; what
 * matches none is a JSON 404, and a handler that throws is a bare 500 that leaves the process up.
 */
export function httpApp(routes: readonly HttpRoute[]): Hono {
  const app = new Hono();
  for (const route of routes) app.on(route.method, route.path, (c) => route.handle(c.req.raw));
  app.notFound(() => Response.json({ error: 'not found' }, { status: 404 }));
  app.onError(() => new Response(null, { status: 500 }));
  return app;
}
