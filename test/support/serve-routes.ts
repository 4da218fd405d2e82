import { httpApp } from '../../adapters/http/http-app.ts';
import type { HttpRoute } from '../../adapters/http/http-route.ts';
import { type ServingHttp, serveHttp } from '../../adapters/http/serve-http.ts';

/** Tally's HTTP application with these routes, on a free port of 127.0.0.1, as bin/ serves it on PORT. */
export function serveRoutes(routes: readonly HttpRoute[]): Promise<ServingHttp> {
  return serveHttp(httpApp(routes), 0, '127.0.0.1');
}
