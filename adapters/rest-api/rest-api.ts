import { Hono } from 'hono';
import type { Deps } from '../../src/deps.ts';
import { TallyError } from '../../src/errors.ts';
import { clip } from '../../src/format.ts';
import type { HttpRoute } from '../http/http-route.ts';
import type { ApiRoute } from './api-route.ts';
import { openApiDocument } from './openapi-document.ts';
import { API_ROUTES } from './routes/index.ts';
import { errorResponse, internalError, serveRoute } from './serve-route.ts';
import type { RestApiConfig } from './settings.ts';
import { TokenBuckets } from './token-bucket.ts';

export const API_BASE = '/api/v1';

/** `/resources/{name}` in Hono's syntax, `/resources/:name`. */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The team REST API as its own Hono application under /api/v1: each route of the table, its
 * OpenAPI document, 405 for a known path's other methods, and JSON errors for everything else.
 */
export function restApiApp(deps: () => Deps, config: RestApiConfig, routes: readonly ApiRoute[] = API_ROUTES): Hono {
  const buckets = new TokenBuckets(config.ratePerSecond, config.burst);
  const document = openApiDocument(routes);
  const app = new Hono().basePath(API_BASE);
  app.get('/openapi.json', () => Response.json(document));
  for (const route of routes)
    app.on(route.method, honoPath(route.path), (c) =>
      serveRoute(route, c.req.raw, c.req.param() as Record<string, string>, { deps: deps(), buckets }),
    );
  const methods = new Map<string, string[]>([['/openapi.json', ['GET']]]);
  for (const route of routes) methods.set(route.path, [...(methods.get(route.path) ?? []), route.method]);
  for (const [path, allowed] of methods)
    app.all(honoPath(path), (c) => {
      const refused = errorResponse(
        new TallyError('method_not_allowed', `${path} takes ${allowed.join(', ')}, not ${c.req.method}.`),
      );
      refused.headers.set('Allow', allowed.join(', '));
      return refused;
    });
  app.notFound((c) =>
    errorResponse(
      new TallyError(
        'route_not_found',
        `There is no ${clip(c.req.path, 100)}: see ${API_BASE}/openapi.json for the routes.`,
      ),
    ),
  );
  app.onError((error, c) => internalError(deps(), c.req.raw, error));
  return app;
}

/** The API on the one HTTP application: every method under /api/v1 goes to the sub-application. */
export function restApiRoute(deps: () => Deps, config: RestApiConfig): HttpRoute {
  const app = restApiApp(deps, config);
  return { method: 'ALL', path: `${API_BASE}/*`, handle: async (request) => app.fetch(request) };
}
