import { rmSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../adapters/rest-api/routes/index.ts';
import { slashCommand, USERS } from '../fixtures/slack-payloads.ts';
import { type ApiRequest, callApi, tokenIn } from '../support/api-client.ts';
import { FAKE_TEAM, FakeSlack, postSigned } from '../support/fake-slack.ts';
import { freePort } from '../support/free-port.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { type Block, blockText } from '../support/slack-harness.ts';
import { type SpawnedBot, slackHttpEnv, spawnBot } from '../support/spawn-bot.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';

const BURST = 40;

describe('npm start with Slack: the team REST API on the same port, with keys made in chat', () => {
  const slack = new FakeSlack();
  let bot: SpawnedBot;
  let base = '';
  let port = 0;
  let folder = '';
  let commands = 0;
  const keys = { admin: '', member: '', revoked: '', throttled: '' };

  /** A slash command from alice through the fake Slack, and its answer's text. */
  const command = async (name: string, text: string) => {
    const id = `c${++commands}`;
    await postSigned(port, slashCommand('alice', name, text, slack.responseUrl(id)));
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === id), `the answer to ${text}`);
    return blockText((answer.body as { blocks: Block[] }).blocks);
  };

  const api = (token: string | undefined, method: string, path: string, request?: ApiRequest) =>
    callApi(base, token, method, path, request);

  beforeAll(async () => {
    await slack.start();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    folder = copyPgliteTemplate();
    // Exactly what `npm start` runs: compiled (when stale) into dist/, then plain node.
    bot = spawnBot(process.execPath, ['scripts/start.mjs', 'bin/tally.ts'], {
      TALLY_DATA_DIR: folder,
      ...slackHttpEnv(slack, port),
      TALLY_OPERATORS: `slack:${FAKE_TEAM}:${USERS.alice.id}`, // alice's top-ups post at once
      TALLY_API_BURST: String(BURST),
      LOG_LEVEL: 'info',
    });
    await slack.waitFor(() => bot.output().includes('"tally running"'), 'start-up', 30_000);
    await command('/team', 'create Acme');
    await command('/credits', 'add 5'); // enough for an instance's first hour, not for the largest volume's
    keys.admin = tokenIn(await command('/team', 'apikey create admin role:Co-Owner'));
    keys.member = tokenIn(await command('/team', 'apikey create ci role:Member'));
    keys.revoked = tokenIn(await command('/team', 'apikey create old'));
    keys.throttled = tokenIn(await command('/team', 'apikey create busy'));
    expect(await command('/team', 'apikey revoke old')).toContain('old');
  }, 60_000);

  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await bot?.exit;
    await slack.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves every route to a Co-Owner key: team, balance, ledger pages, invoices and the PDF, catalog, resources', async () => {
    expect(bot.output()).toContain('ALL /api/v1/*');
    const team = await api(keys.admin, 'GET', '/team');
    expect([team.status, team.json.name, team.json.role, team.json.balanceCents]).toEqual([
      200,
      'Acme',
      'Co-Owner',
      500,
    ]);
    expect((await api(keys.admin, 'GET', '/balance')).json).toMatchObject({ balanceCents: 500, currency: 'USD' });
    const page = await api(keys.admin, 'GET', '/ledger?limit=1');
    expect(page.json.entries).toMatchObject([{ kind: 'top_up', amountCents: 500 }]);
    expect(page.json.nextCursor).toBeNull();
    const invoices = await api(keys.admin, 'GET', '/invoices');
    const [invoice] = invoices.json.invoices;
    expect((await api(keys.admin, 'GET', `/invoices/${invoice.number}`)).json).toMatchObject({ amountCents: 500 });
    const pdf = await api(keys.admin, 'GET', `/invoices/${invoice.number}`, { headers: { accept: 'application/pdf' } });
    expect([pdf.status, pdf.headers.get('content-type'), pdf.bytes.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
    expect((await api(keys.admin, 'GET', '/catalog')).json.instances).toContainEqual(
      expect.objectContaining({ id: 'h100', hourlyCents: 249 }),
    );
    expect((await api(keys.admin, 'GET', '/resources')).json).toEqual({ resources: [] });
  });

  it('a Member key launches (replayed, 409 on another body), is refused billing with 403, and stops with the refund', async () => {
    const launch = { kind: 'instance', flavor: 'h100', name: 'train-1' };
    const headers = { 'idempotency-key': 'e2e-launch-1' };
    const first = await api(keys.member, 'POST', '/resources', { json: launch, headers });
    expect([first.status, first.json.name, first.json.status]).toEqual([201, 'train-1', 'running']);
    const again = await api(keys.member, 'POST', '/resources', { json: launch, headers });
    expect([again.status, again.headers.get('idempotent-replayed'), again.json]).toEqual([201, 'true', first.json]);
    const other = await api(keys.member, 'POST', '/resources', { json: { ...launch, name: 'train-2' }, headers });
    expect([other.status, other.json.error.code]).toEqual([409, 'idempotency_key_reused']);
    const listed = await api(keys.member, 'GET', '/resources');
    expect(listed.json.resources).toMatchObject([{ name: 'train-1', launchedBy: 'API key ci' }]);

    const denied = await api(keys.member, 'GET', '/balance');
    expect([denied.status, denied.json.error.code, denied.json.error.permission]).toEqual([
      403,
      'permission_denied',
      'billing.view',
    ]);
    for (const path of ['/ledger', '/invoices', '/invoices/2026-000001'])
      expect((await api(keys.member, 'GET', path)).status).toBe(403);
    const team = await api(keys.member, 'GET', '/team');
    expect([team.status, team.json.role, 'balanceCents' in team.json]).toEqual([200, 'Member', false]);
    expect((await api(keys.member, 'GET', '/catalog')).status).toBe(200);

    const stopped = await api(keys.member, 'DELETE', '/resources/train-1');
    expect(stopped.status).toBe(200);
    expect(stopped.json).toMatchObject({ resource: { name: 'train-1', status: 'stopped' }, currency: 'USD' });
    expect(stopped.json.refundCents).toBeGreaterThan(240); // stopped within the first minutes of its paid hour
    expect((await api(keys.member, 'DELETE', '/resources/train-1')).status).toBe(404);

    const log = await command('/team', 'logs');
    expect(log).toMatch(/API key ci launched/);
    // Each key's last use, written coarsely by the authentication (not once per request).
    const keyList = await command('/team', 'apikey list');
    expect(/\*ci\*[\s\S]*?Last used\W*(\w+)/.exec(keyList)?.[1]).toBe('about');
  });

  it('402 with the figures, and the Owner told by DM as from chat', async () => {
    const refused = await api(keys.member, 'POST', '/resources', {
      json: { kind: 'volume', sizeGb: 65_536, name: 'huge' }, // 6.29 an hour
      headers: { 'idempotency-key': 'e2e-huge' },
    });
    expect(refused.status).toBe(402);
    expect(refused.json.error).toMatchObject({ code: 'insufficient_credits', currency: 'USD' });
    const { costCents, balanceCents, shortfallCents } = refused.json.error;
    expect(shortfallCents).toBe(costCents - balanceCents);
    const dm = await slack.waitFor(
      () =>
        slack
          .callsOf('chat.postMessage')
          .find(
            (c) =>
              c.args.channel === `D${USERS.alice.id}` &&
              blockText(c.args.blocks as Block[]).includes('tried to launch'),
          ),
      'the checkout-failure DM to alice',
    );
    expect(blockText(dm.args.blocks as Block[])).toContain('API key ci tried to launch volume ‘huge’');
  });

  it('401 for a revoked key, an unknown one and none', async () => {
    for (const token of [keys.revoked, `tly_aaaaaaaa_${'b'.repeat(32)}`, undefined]) {
      const answer = await api(token, 'GET', '/team');
      expect([answer.status, answer.json.error.code, answer.headers.get('www-authenticate')]).toEqual([
        401,
        'apikey_invalid',
        'Bearer realm="tally"',
      ]);
    }
  });

  it('refuses bad requests with 400, 413, 415 and 422, never a 5xx', async () => {
    const post = (request: ApiRequest) =>
      api(keys.member, 'POST', '/resources', {
        ...request,
        headers: { 'idempotency-key': 'e2e-bad', ...request.headers },
      });
    expect(
      (await api(keys.member, 'POST', '/resources', { json: { kind: 'volume', sizeGb: 10, name: 'v' } })).status,
    ).toBe(400);
    expect((await post({ body: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post({ json: { name: 'x'.repeat(100_000) } })).status).toBe(413);
    expect((await post({ body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    const invalid = await post({ json: { kind: 'volume', sizeGb: 10, name: '-bad' } });
    expect([invalid.status, invalid.json.error.field]).toEqual([422, 'name']);
  });

  it(`answers 429 with Retry-After past a burst of ${BURST} (TALLY_API_BURST)`, async () => {
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: BURST + 30 }, () => api(keys.throttled, 'GET', '/catalog')));
    const seconds = (performance.now() - started) / 1000;
    const ok = answers.filter((a) => a.status === 200).length;
    // The burst at once, and 10 a second (TALLY_API_RATE's default) while the requests came in.
    expect(ok).toBeGreaterThanOrEqual(BURST);
    expect(ok).toBeLessThanOrEqual(BURST + Math.ceil(seconds * 10) + 1);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBe(answers.length - ok);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.json.error.code).toBe('rate_limited');
    expect((await api(keys.admin, 'GET', '/catalog')).status).toBe(200); // another key is not held back
  });

  it('serves an OpenAPI 3.1 document that validates and holds every route, each served', async () => {
    const served = await api(undefined, 'GET', '/openapi.json');
    expect(served.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(served.json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const documented = Object.entries(served.json.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual([...routes, 'GET /openapi.json'].sort());
    // Each documented route is served: without a key it asks for one, rather than not knowing the path.
    for (const route of API_ROUTES) {
      const path = route.path.replace(/\{\w+\}/, 'x');
      const answer = await api(undefined, route.method, path);
      expect([route.path, answer.status]).toEqual([route.path, 401]);
    }
  });

  it('counts what the API answered in /metrics, by route and status', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const requests = (route: string, status: number) =>
      sampleValue(metrics, 'tally_api_requests_total', { route, status: String(status) }) ?? 0;
    expect(requests('POST /resources', 201)).toBeGreaterThanOrEqual(1);
    expect(requests('POST /resources', 402)).toBeGreaterThanOrEqual(1);
    expect(requests('GET /balance', 403)).toBeGreaterThanOrEqual(1);
    expect(requests('GET /team', 401)).toBeGreaterThanOrEqual(1);
    expect(requests('GET /catalog', 429)).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(metrics, 'tally_api_request_duration_seconds_count', { route: 'DELETE /resources/{name}' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
