import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand, USERS } from '../fixtures/slack-payloads.ts';
import { FakeSlack, postSigned } from '../support/fake-slack.ts';
import { FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET, FakeStripe } from '../support/fake-stripe.ts';
import { freePort } from '../support/free-port.ts';
import { type Block, blockText } from '../support/slack-harness.ts';
import { type SpawnedBot, slackHttpEnv, spawnBot } from '../support/spawn-bot.ts';
import { postStripeEvent, SELLER } from '../support/stripe-harness.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';

describe('npm start with Slack and Stripe settings: pay by card, credited by the webhook on the same port', () => {
  const slack = new FakeSlack();
  let stripe: FakeStripe;
  let bot: SpawnedBot;
  let port = 0;
  let folder = '';

  beforeAll(async () => {
    await slack.start();
    stripe = await FakeStripe.start();
    port = await freePort();
    folder = copyPgliteTemplate();
    // Exactly what `npm start` runs: compiled (when stale) into dist/, then plain node.
    bot = spawnBot(process.execPath, ['scripts/start.mjs', 'bin/tally.ts'], {
      TALLY_DATA_DIR: folder,
      ...slackHttpEnv(slack, port),
      STRIPE_SECRET_KEY: FAKE_STRIPE_KEY,
      STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
      TALLY_PUBLIC_URL: 'https://tally.example',
      TALLY_SELLER_NAME: SELLER.name,
      TALLY_SELLER_ADDRESS: SELLER.address,
      TALLY_SELLER_TAX_ID: SELLER.taxId,
      LOG_LEVEL: 'info',
    });
    await slack.waitFor(() => bot.output().includes('"tally running"'), 'start-up', 30_000);
  }, 60_000);

  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await bot?.exit;
    await slack.stop();
    await stripe?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const command = async (id: string, name: string, text: string) => {
    await postSigned(port, slashCommand('alice', name, text, slack.responseUrl(id)));
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === id), `the answer to ${text}`);
    return answer.body as { blocks: Block[] };
  };

  it('answers /credits add with the Checkout link, and the webhook credits it once and DMs the payer', async () => {
    const logs = bot.output();
    const on = logs.split('\n').find((line) => line.includes('"message":"stripe card payments on"'));
    expect(JSON.parse(on ?? '{}')).toMatchObject({ mode: 'test', webhook: '/stripe/webhook', apiVersion: /^20\d\d-/ });
    expect(logs).toContain('POST /stripe/webhook');
    await command('create', '/team', 'create Acme');
    const answer = await command('add', '/credits', 'add 50');
    const [session] = stripe.sessions.values();
    expect(JSON.stringify(answer.blocks)).toContain(`"url":"${session!.url}"`);
    expect(session).toMatchObject({ amount_total: 5000, currency: 'usd' });

    const payload = stripe.event('checkout.session.completed', stripe.pay(session!.id));
    const signature = stripe.sign(payload);
    expect(await postStripeEvent(port, payload, signature)).toBe(200);
    expect(await postStripeEvent(port, payload, signature)).toBe(200);
    expect(await postStripeEvent(port, payload, 't=1,v1=forged')).toBe(400);
    const dm = await slack.waitFor(
      () =>
        slack
          .callsOf('chat.postMessage')
          .find(
            (c) => c.args.channel === `D${USERS.alice.id}` && blockText(c.args.blocks as Block[]).includes('Payment'),
          ),
      'the Payment received DM',
    );
    expect(blockText(dm.args.blocks as Block[])).toContain(
      'Payment received: *+50.00* credits for *Acme*. Balance: *50.00*.',
    );
    expect(blockText((await command('balance', '/credits', '')).blocks)).toContain('50.00');
    for (const secret of [FAKE_STRIPE_KEY, FAKE_WEBHOOK_SECRET]) expect(bot.output()).not.toContain(secret);
  });
});
