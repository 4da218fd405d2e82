import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../src/ids.ts';
import { bearerToken } from '../http/bearer-token.ts';
import type { HttpRoute } from '../http/http-route.ts';
import type { PrometheusMetrics } from './prometheus.ts';

const METRICS_PATH = '/metrics';

// Digests of equal length, so the comparison takes the same time whatever the token's length or content.
const digest = (text: string) => Buffer.from(sha256Hex(text));

/**
 * `GET /metrics` for Prometheus. With a token, only a request that carries it gets an answer
 * (401 otherwise); without one it answers anyone, for a private network only.
 */
export function metricsRoute(metrics: Pick<PrometheusMetrics, 'render' | 'contentType'>, token?: string): HttpRoute {
  const expected = token === undefined ? undefined : digest(token);
  return {
    method: 'GET',
    path: METRICS_PATH,
    async handle(request) {
      if (expected && !timingSafeEqual(digest(bearerToken(request) ?? ''), expected))
        return Response.json(
          { error: 'GET /metrics needs the header Authorization: Bearer <TALLY_METRICS_TOKEN>' },
          { status: 401, headers: { 'www-authenticate': 'Bearer realm="tally-metrics"' } },
        );
      return new Response(await metrics.render(), { headers: { 'content-type': metrics.contentType } });
    },
  };
}
