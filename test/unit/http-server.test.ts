import { describe, expect, it } from 'vitest';
import { healthEndpoint } from '../../adapters/shared/health.ts';
import { startHttpServer } from '../../adapters/shared/http-server.ts';

describe('the small HTTP server', () => {
  it('routes by method and path, answers 404 otherwise, 503 when a part is unhealthy, 500 when a handler throws', async () => {
    let dbOk = true;
    const server = await startHttpServer(0, '127.0.0.1', {
      'GET /healthz': healthEndpoint(async () => ({ database: { ok: dbOk, kind: 'postgres' }, discord: { ok: true } })),
      'POST /boom': async () => {
        throw new Error('boom');
      },
    });
    const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
    try {
      const healthy = await fetch(url('/healthz'));
      expect([healthy.status, await healthy.json()]).toEqual([
        200,
        { status: 'ok', database: { ok: true, kind: 'postgres' }, discord: { ok: true } },
      ]);
      dbOk = false;
      const sick = await fetch(url('/healthz'));
      expect([sick.status, ((await sick.json()) as { status: string }).status]).toEqual([503, 'degraded']);
      expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(404);
      expect((await fetch(url('/nothing'))).status).toBe(404);
      expect((await fetch(url('/boom'), { method: 'POST' })).status).toBe(500);
    } finally {
      await server.close();
    }
  });
});
