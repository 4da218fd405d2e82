import { generateKeyPairSync, sign } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-app.ts';
import { healthRoute } from '../../adapters/http/health.ts';
import { restApiRoute } from '../../adapters/rest-api/rest-api.ts';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.ts';
import { joinPageRoute } from '../../adapters/web/join-page.ts';
import { previewInvite } from '../../src/invites/invite-preview.ts';
import { silentLogger } from '../../src/logger.ts';
import { tokenIn } from '../support/api-client.ts';
import { APP_ID, FakeDiscord } from '../support/fake-discord.ts';
import { FakeSlack, SIGNING_SECRET, slackSignature } from '../support/fake-slack.ts';
import { stripeSignature } from '../support/fake-stripe.ts';
import {
  apiTemplates,
  badSignatureCases,
  brokenCases,
  discordTemplates,
  type FuzzRequest,
  intact,
  otherCases,
  slackTemplates,
  stripeTemplates,
} from '../support/fuzz-cases.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';
import { rowCounts } from '../support/row-counts.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { serveRoutes } from '../support/serve-routes.ts';
import { useStripe } from '../support/stripe-harness.ts';
import { waitFor } from '../support/wait-for.ts';

// FUZZ_SEED=<n> explores other runs; a failure names its case, and the same seed replays it.
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const IN_FLIGHT = 8;
const ANSWER_WITHIN_MS = 5000;

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_HEX = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

/** The team API key requests signed `apikey` carry: made by each test that sends them. */
let apiKey = '';

function signatureHeaders(signing: FuzzRequest['signing'], body: string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  if (signing === 'apikey') return { authorization: `Bearer ${apiKey}`, 'idempotency-key': `fuzz-${now}` };
  if (signing === 'stripe') return { 'stripe-signature': stripeSignature(body, undefined, now) };
  if (signing === 'slack')
    return { 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSignature(body, now) };
  if (signing === 'discord')
    return {
      'x-signature-timestamp': String(now),
      'x-signature-ed25519': sign(null, Buffer.from(`${now}${body}`), privateKey).toString('hex'),
    };
  return {};
}

/** Sends one request as raw HTTP (no client normalises its path); the status, or what went wrong. */
function send(port: number, fuzz: FuzzRequest): Promise<number | string> {
  const headers = {
    ...signatureHeaders(fuzz.signing, fuzz.signed ?? fuzz.body),
    ...(fuzz.contentType && { 'content-type': fuzz.contentType }),
  };
  return new Promise((done) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: fuzz.method,
        path: fuzz.path,
        headers,
        timeout: ANSWER_WITHIN_MS,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 'no status'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (error) => done(error.message));
    req.end(fuzz.body);
  });
}

/** Runs the requests a few at a time; returns those answered with a 5xx or not at all. */
async function sendAll(server: string, port: number, requests: FuzzRequest[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const fuzz = requests[next++]!;
      const status = await send(port, fuzz);
      if (typeof status !== 'number' || status >= 500) failures.push(`${server} ${status}: ${fuzz.label}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return failures;
}

describe('every HTTP route, fed validly signed nonsense (seeded fuzz)', () => {
  const h = useHarness();
  const stripe = useStripe(h); // the real SDK against a fake Stripe, as bin/ wires it
  const slackFake = new FakeSlack();
  const discordFake = new FakeDiscord();
  let slack: SlackAdapter;
  let discord: DiscordAdapter;
  let server: Awaited<ReturnType<typeof serveRoutes>>;

  beforeAll(async () => {
    await Promise.all([slackFake.start(), discordFake.start()]);
    discord = createDiscordAdapter(
      {
        token: 'fake.discord.bot.token.0123456789',
        applicationId: APP_ID,
        publicKey: PUBLIC_HEX,
        apiUrl: discordFake.apiUrl,
        guildId: undefined,
      },
      { log: silentLogger, deliveryTimeoutMs: 1000 },
    );
    await discord.start(h.deps);
    slack = createSlackAdapter(
      { mode: 'http', botToken: 'xoxb-fake-token', signingSecret: SIGNING_SECRET, apiUrl: slackFake.apiUrl },
      { log: silentLogger, deliveryTimeoutMs: 1000 },
    );
    await slack.start(h.deps);
    // Every route bin/ serves on PORT, on the one HTTP application.
    server = await serveRoutes([
      healthRoute(async () => ({
        database: { ok: Boolean(await h.db.$queryRaw`SELECT 1`) },
        slack: slack.health(),
        discord: discord.health(),
      })),
      ...slack.routes,
      ...discord.routes,
      ...stripe.payments.routes,
      joinPageRoute({ platforms: ['slack', 'discord'], preview: (code) => previewInvite(h.deps, code) }),
      // A limit no fuzz run reaches, so that every request meets the validation it means to break.
      restApiRoute(() => h.deps, { ratePerSecond: 10_000, burst: 10_000 }),
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await slack?.stop();
    await discord?.stop();
    await Promise.all([slackFake.stop(), discordFake.stop()]);
  });

  it('answers every request without a 5xx, in bounded time, and writes nothing', async () => {
    await h.run('alice', '/team create Acme'); // some rows to keep, so a write or a delete shows
    apiKey = tokenIn(textOf(await h.run('alice', '/team apikey create fuzz role:Member')));
    const random = seededRandom(SEED);
    const responseUrl = slackFake.responseUrl('fuzz');
    const requests = [
      ...brokenCases(random, slackTemplates(responseUrl), 180),
      ...brokenCases(random, discordTemplates(), 110),
      ...otherCases(random),
      ...brokenCases(random, discordTemplates(), 60),
      ...brokenCases(random, stripeTemplates(), 80),
      ...brokenCases(random, apiTemplates(), 40),
      ...badSignatureCases([
        ...slackTemplates(responseUrl),
        ...discordTemplates(),
        ...stripeTemplates(),
        ...apiTemplates(),
      ]),
      ...otherCases(random),
    ];
    const before = await rowCounts(h.db);
    const started = Date.now();
    const failures = await sendAll('http', server.port, requests);
    const elapsed = Date.now() - started;
    await new Promise((done) => setTimeout(done, 300)); // work acknowledged before it ran would land by now
    expect(failures).toEqual([]);
    expect(await rowCounts(h.db)).toEqual(before);
    expect(elapsed).toBeLessThan(15_000);
  }, 60_000); // room to report the failures when requests hang, as Bolt's 3-second waits once made them

  // The control: unbroken, each template is acted on, so what stops the broken ones is the breakage.
  it.each(
    [...slackTemplates('http://127.0.0.1:9/response/intact'), ...discordTemplates()].map(
      (t) => [`${t.signing} ${t.name}`, t] as const,
    ),
  )('acts on the intact %s', async (_name, template) => {
    const fuzz = intact(template);
    const published = slackFake.callsOf('views.publish').length;
    expect(await send(server.port, fuzz)).toBe(200);
    await waitFor(async () => (await h.db.user.count()) > 0, `${fuzz.label} to register its person`);
    // The next test empties every table: a TRUNCATE racing this command's transaction would deadlock.
    const finished =
      template.name === 'home'
        ? () => slackFake.callsOf('views.publish').length > published
        : template.name === 'autocomplete'
          ? () => true // its HTTP answer is the last of its work
          : async () => (await h.db.team.count({ where: { name: 'Fuzz' } })) > 0; // every other template runs /team create Fuzz
    await waitFor(finished, `${fuzz.label} to finish`);
  });

  it('acts on the intact API launch: 201, the resource launched by the key', async () => {
    const acme = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', `/credits grant 50 fuzz team:${acme.id}`); // with Stripe on, an operator grants them
    apiKey = tokenIn(textOf(await h.run('alice', '/team apikey create fuzz role:Member')));
    const [template] = apiTemplates();
    expect(await send(server.port, intact(template!))).toBe(201);
    expect(await h.db.resource.findMany()).toMatchObject([{ name: 'fuzz', status: 'running' }]);
  });

  it('acts on the intact stripe event: stored, and ignored as a session Tally did not make', async () => {
    const [template] = stripeTemplates();
    expect(await send(server.port, intact(template!))).toBe(200);
    const events = await h.db.paymentEvent.findMany();
    expect(events.map((e) => [e.id, e.outcome])).toEqual([
      ['evt_FAKE0001', 'ignored: a Checkout Session Tally did not create'],
    ]);
  });
});
