import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { restApiRoute } from '../../adapters/rest-api/rest-api.ts';
import { API_ROUTES } from '../../adapters/rest-api/routes/index.ts';
import { HOUR } from '../../src/clock.ts';
import { plainText, type Text } from '../../src/rich-text.ts';
import { type ApiRequest, callApi, tokenIn } from '../support/api-client.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';
import { pdfText } from '../support/pdf-text.ts';
import { serveRoutes } from '../support/serve-routes.ts';

/** The route's documented answer: what the OpenAPI document says is what it sends. */
function documented(operationId: string) {
  const route = API_ROUTES.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the parsed answer's fields freely
  return route.ok.schema as z.ZodType<any>;
}

describe('the REST API on a harness database, over HTTP', () => {
  const h = useHarness();
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let base = '';

  beforeAll(async () => {
    // A generous limit here: 429 is tested on an application of its own below.
    server = await serveRoutes([restApiRoute(() => h.deps, { ratePerSecond: 1000, burst: 1000 })]);
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server?.close());

  const api = (token: string | undefined, method: string, path: string, request?: ApiRequest) =>
    callApi(base, token, method, path, request);

  /** Acme with `credits`, alice its Owner, and a key of each role. */
  async function acme(credits = '50') {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', `/credits add ${credits}`);
    const key = async (line: string) => tokenIn(textOf(await h.run('alice', line)));
    return {
      admin: await key('/team apikey create admin role:Co-Owner'),
      member: await key('/team apikey create ci role:Member'),
    };
  }

  it('answers every GET route to a Co-Owner key, as documented', async () => {
    const { admin } = await acme();
    const team = await api(admin, 'GET', '/team');
    expect(team.status).toBe(200);
    expect(documented('getTeam').parse(team.json)).toMatchObject({
      name: 'Acme',
      owner: 'alice',
      role: 'Co-Owner',
      balanceCents: 5000,
      currency: 'USD',
    });
    const balance = await api(admin, 'GET', '/balance');
    expect(documented('getBalance').parse(balance.json)).toEqual({
      balanceCents: 5000,
      thresholdCents: 1000,
      burnCentsPerHour: 0,
      runwayHours: null,
      currency: 'USD',
    });
    const catalog = await api(admin, 'GET', '/catalog');
    expect(documented('getCatalog').parse(catalog.json).instances).toContainEqual(
      expect.objectContaining({ id: 'h100', hourlyCents: 249 }),
    );
    const invoices = await api(admin, 'GET', '/invoices');
    expect(documented('listInvoices').parse(invoices.json)).toMatchObject({
      invoices: [{ number: '2026-000001', amountCents: 5000, currency: 'USD' }],
      creditNotes: [],
    });
    const invoice = await api(admin, 'GET', '/invoices/2026-000001');
    expect(documented('getInvoice').parse(invoice.json)).toMatchObject({ type: 'invoice', amountCents: 5000 });
    const pdf = await api(admin, 'GET', '/invoices/2026-000001', { headers: { accept: 'application/pdf' } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('invoice-2026-000001.pdf');
    expect((await pdfText(pdf.bytes)).text).toContain('2026-000001');
    const missing = await api(admin, 'GET', '/invoices/2026-000009');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'invoice_not_found', message: expect.stringContaining('Acme') });
    const resources = await api(admin, 'GET', '/resources');
    expect(documented('listResources').parse(resources.json)).toEqual({ resources: [] });
  });

  it('pages the ledger newest first with an opaque cursor', async () => {
    const { admin } = await acme();
    for (const amount of ['1', '2', '3', '4']) {
      h.clock.advance(1000);
      await h.run('alice', `/credits add ${amount}`);
    }
    const first = await api(admin, 'GET', '/ledger?limit=2');
    expect(
      documented('getLedger')
        .parse(first.json)
        .entries.map((e: { amountCents: number }) => e.amountCents),
    ).toEqual([400, 300]);
    const second = await api(admin, 'GET', `/ledger?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.entries.map((e: { amountCents: number }) => e.amountCents)).toEqual([200, 100]);
    const last = await api(admin, 'GET', `/ledger?limit=2&cursor=${second.json.nextCursor}`);
    expect(last.json).toMatchObject({ entries: [{ amountCents: 5000, kind: 'top_up', invoiceNumber: '2026-000001' }] });
    expect(last.json.nextCursor).toBeNull();
    expect((await api(admin, 'GET', '/ledger')).json.entries).toHaveLength(5); // default 25
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ])
      expect((await api(admin, 'GET', `/ledger?${query}`)).json.error).toMatchObject({
        code: 'validation_failed',
        field,
      });
  });

  it('launches with an Idempotency-Key: 201, the same answer replayed, another body refused; stops with the refund', async () => {
    const { member } = await acme();
    const launch = { kind: 'instance', flavor: 'H100', name: 'Train-1' };
    const headers = { 'idempotency-key': 'launch-1' };
    const first = await api(member, 'POST', '/resources', { json: launch, headers });
    expect(first.status).toBe(201);
    expect(documented('launchResource').parse(first.json)).toMatchObject({
      name: 'train-1',
      kind: 'instance',
      spec: 'h100',
      status: 'running',
      hourlyCents: 249,
    });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same request, its keys in another order: the first answer again, nothing charged twice.
    const again = await api(member, 'POST', '/resources', {
      body: JSON.stringify({ name: 'Train-1', flavor: 'H100', kind: 'instance' }),
      headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    const other = await api(member, 'POST', '/resources', { json: { ...launch, name: 'other' }, headers });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('idempotency_key_reused');
    expect(await h.db.resource.count()).toBe(1);
    expect((await h.teamNamed('Acme')).balanceCents).toBe(5000 - 249);
    const log = textOf(await h.run('alice', '/team logs'));
    expect(log).toContain('API key ci');

    h.clock.advance(HOUR / 2);
    const stopped = await api(member, 'DELETE', '/resources/train-1', { headers: { 'idempotency-key': 'stop-1' } });
    expect(stopped.status).toBe(200);
    expect(documented('stopResource').parse(stopped.json)).toMatchObject({
      resource: { name: 'train-1', status: 'stopped' },
      refundCents: 124,
      currency: 'USD',
    });
    const replayed = await api(member, 'DELETE', '/resources/train-1', { headers: { 'idempotency-key': 'stop-1' } });
    expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    const gone = await api(member, 'DELETE', '/resources/train-1');
    expect([gone.status, gone.json.error.code]).toEqual([404, 'resource_not_found']);
  });

  it('402 with the checkout figures, the billing roles told as from chat, and replayed as it was', async () => {
    const { member } = await acme('5');
    const headers = { 'idempotency-key': 'big-1' };
    const launch = { kind: 'volume', sizeGb: 65_536, name: 'huge' }; // 6.29 an hour
    const refused = await api(member, 'POST', '/resources', { json: launch, headers });
    expect(refused.status).toBe(402);
    expect(refused.json.error).toMatchObject({
      code: 'insufficient_credits',
      costCents: 629,
      balanceCents: 500,
      shortfallCents: 129,
      cost: '6.29',
      balance: '5.00',
      shortfall: '1.29',
      currency: 'USD',
      message: expect.stringContaining('Nothing was created or charged'),
    });
    // alice, the Owner, hears of it by DM through the outbox, as when a member fails to launch in chat.
    const queued = await h.db.outboxMessage.findMany({ where: { recipient: 'alice' } });
    expect(queued.map((m) => plainText((m.payload as { text: Text }).text))).toContain(
      'API key ci tried to launch volume ‘huge’ in Acme: needs 6.29, balance 5.00.',
    );
    const replay = await api(member, 'POST', '/resources', { json: launch, headers });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.json]).toEqual([
      402,
      'true',
      refused.json,
    ]);
    expect(await h.db.resource.count()).toBe(0);
  });

  it('refuses by role: 403 naming the permission; the team without its balance', async () => {
    const { member } = await acme();
    const balance = await api(member, 'GET', '/balance');
    expect(balance.status).toBe(403);
    expect(balance.json.error).toMatchObject({ code: 'permission_denied', permission: 'billing.view' });
    expect(balance.json.error.message).not.toMatch(/[*`]/); // plain words, not chat markup
    for (const path of ['/ledger', '/invoices', '/invoices/2026-000001'])
      expect((await api(member, 'GET', path)).status).toBe(403);
    const team = await api(member, 'GET', '/team');
    expect(team.status).toBe(200);
    expect(team.json).not.toHaveProperty('balanceCents');
    expect(team.json.role).toBe('Member');
  });

  it('401 for no key, a malformed one, an unknown one and a revoked one', async () => {
    const { admin } = await acme();
    await h.run('alice', '/team apikey revoke admin');
    const unknown = `tly_aaaaaaaa_${'b'.repeat(32)}`;
    for (const token of [undefined, 'nonsense', unknown, admin]) {
      const answer = await api(token, 'GET', '/team');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.json.error.code).toBe('apikey_invalid');
    }
  });

  it('refuses what a request sends wrongly: 400, 413, 415, 422, and unknown routes and methods', async () => {
    const { member } = await acme();
    const post = (request: ApiRequest) =>
      api(member, 'POST', '/resources', { ...request, headers: { 'idempotency-key': 'k', ...request.headers } });
    const noKey = await api(member, 'POST', '/resources', { json: { kind: 'volume', sizeGb: 1, name: 'v' } });
    expect([noKey.status, noKey.json.error.code]).toEqual([400, 'idempotency_key_required']);
    const form = await post({ body: 'kind=volume', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([form.status, form.json.error.code]).toEqual([415, 'unsupported_media_type']);
    const big = await post({ json: { kind: 'volume', sizeGb: 1, name: 'x'.repeat(70_000) } });
    expect([big.status, big.json.error.code]).toEqual([413, 'body_too_large']);
    const broken = await post({ body: '{"kind":', headers: { 'content-type': 'application/json' } });
    expect([broken.status, broken.json.error.code]).toEqual([400, 'invalid_json']);
    const cases: [unknown, string][] = [
      [{ kind: 'volume', sizeGb: 1, name: 'Bad name!' }, 'name'],
      [{ kind: 'volume', sizeGb: 0, name: 'v' }, 'sizeGb'],
      [{ kind: 'volume', sizeGb: '10', name: 'v' }, 'sizeGb'],
      [{ kind: 'spaceship', name: 'v' }, 'kind'],
      [{ kind: 'instance', flavor: 'h100', name: 'v', colour: 'red' }, 'colour'],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of cases) {
      const refused = await post({ json: body });
      expect([refused.status, refused.json.error.field], JSON.stringify(body)).toEqual([422, field]);
      expect(refused.json.error.message).toMatch(new RegExp(`^${field}: `));
    }
    // The catalog's volume range is a refused value too, not a malformed request.
    const small = await post({
      json: { kind: 'volume', sizeGb: 5, name: 'v' },
      headers: { 'idempotency-key': 'small' },
    });
    expect([small.status, small.json.error.code, small.json.error.message]).toEqual([
      422,
      'invalid_size',
      'A volume is between 10 and 65536 GB (you asked for 5).',
    ]);
    const unknownFlavor = await post({ json: { kind: 'instance', flavor: 'z9', name: 'v' } });
    expect([unknownFlavor.status, unknownFlavor.json.error.code]).toEqual([404, 'unknown_offer']);
    expect((await api(member, 'GET', '/nothing-here')).json.error.code).toBe('route_not_found');
    const put = await api(member, 'PUT', '/balance');
    expect([put.status, put.headers.get('allow'), put.json.error.code]).toEqual([405, 'GET', 'method_not_allowed']);
    expect(await h.db.resource.count()).toBe(0);
  });

  it('answers 429 with Retry-After once a key has spent its burst, each key on its own', async () => {
    const { admin, member } = await acme();
    const tight = await serveRoutes([restApiRoute(() => h.deps, { ratePerSecond: 0.5, burst: 2 })]);
    try {
      const tightBase = `http://127.0.0.1:${tight.port}`;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await callApi(tightBase, admin, 'GET', '/team')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await callApi(tightBase, admin, 'GET', '/team');
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(limited.json.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 2 });
      expect((await callApi(tightBase, member, 'GET', '/team')).status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});
