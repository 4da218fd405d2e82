import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { API_BASE, restApiApp } from '../../adapters/rest-api/rest-api.ts';

describe("the REST API's OpenAPI document", () => {
  const app = restApiApp(
    () => {
      throw new Error('no request reaches the core here');
    },
    { ratePerSecond: 10, burst: 20 },
  );
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the document's fields freely
  const document = async (): Promise<any> => (await app.request(`${API_BASE}/openapi.json`)).json();

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(await document());
    expect(result.errors ?? []).toEqual([]);
    expect([result.valid, validator.version]).toEqual([true, '3.1']);
  });

  it('documents every route the application serves, and nothing it does not', async () => {
    const { paths } = (await document()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // The application's own table of routes (the catch-alls that answer 405 aside), in OpenAPI's path syntax.
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.slice(API_BASE.length).replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(served).size).toBe(served.length);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('documents the request schemas that validate, the answers, errors and the bearer key', async () => {
    const doc = await document();
    const launch = doc.paths['/resources'].post;
    expect(launch.requestBody.content['application/json'].schema.oneOf).toHaveLength(3);
    expect(launch.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }));
    expect(Object.keys(launch.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '402', '403', '409', '413', '415', '422', '429', '500']),
    );
    const name = launch.requestBody.content['application/json'].schema.oneOf[0].properties.name;
    expect(name).toMatchObject({ type: 'string', maxLength: 40 });
    expect(doc.paths['/ledger'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', in: 'query', schema: expect.objectContaining({ maximum: 100 }) }),
    );
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/balance'].get['x-permission']).toBe('billing.view');
  });
});
