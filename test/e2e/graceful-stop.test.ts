import { describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/discord-app.ts';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import { silentLogger } from '../../src/logger.ts';
import { manualPayments, type PaymentProvider } from '../../src/ports/payments.ts';
import { commandInteraction } from '../fixtures/discord-payloads.ts';
import { slashCommand } from '../fixtures/slack-payloads.ts';
import { APP_ID, FakeDiscord } from '../support/fake-discord.ts';
import { FakeSlack, postSigned, SIGNING_SECRET } from '../support/fake-slack.ts';
import { useHarness } from '../support/harness.ts';
import { serveRoutes } from '../support/serve-routes.ts';

/** A payment confirmation that takes a while, so a top-up is still being worked on when the adapter stops. */
const slowPayments: PaymentProvider = {
  method: manualPayments.method,
  async confirmTopUp(request) {
    await new Promise((done) => setTimeout(done, 400));
    return manualPayments.confirmTopUp(request);
  },
};

describe('stopping an adapter finishes the work it has acknowledged', () => {
  const h = useHarness();

  it('Slack: a command acked before stop() is answered before stop() returns', async () => {
    const fake = await new FakeSlack().start();
    const adapter = createSlackAdapter(
      { mode: 'http', botToken: 'xoxb-fake-token', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl },
      { log: silentLogger },
    );
    try {
      await adapter.start({ ...h.deps, payments: slowPayments });
      const server = await serveRoutes(adapter.routes);
      const ack = await postSigned(server.port, slashCommand('alice', '/credits', 'add 5', fake.responseUrl('late')));
      expect(ack.status).toBe(200);
      expect(fake.responses).toHaveLength(0); // still confirming the payment
      await server.close();
      await adapter.stop();
      expect(JSON.stringify(fake.responses.find((r) => r.id === 'late')?.body)).toContain('Added *5.00* credits');
    } finally {
      await fake.stop();
    }
  });

  it('Discord: an interaction deferred before stop() is edited with its answer before stop() returns', async () => {
    const fake = await new FakeDiscord().start();
    const adapter = createDiscordAdapter(
      {
        token: 'fake.discord.bot.token.0123456789',
        applicationId: APP_ID,
        publicKey: undefined,
        apiUrl: fake.apiUrl,
        guildId: undefined,
      },
      { log: silentLogger },
    );
    try {
      await adapter.start({ ...h.deps, payments: slowPayments });
      const topUp = commandInteraction('alice', 'credits', ['add'], { amount: '5' });
      fake.interact(topUp);
      await fake.waitFor(
        () => fake.about(topUp.id, topUp.token).some((r) => r.path.endsWith('/callback')),
        'the deferral',
      );
      await adapter.stop();
      const edit = fake.about(topUp.id, topUp.token).find((r) => r.method === 'PATCH');
      expect(JSON.stringify(edit?.body)).toContain('Added **5.00** credits');
    } finally {
      await fake.stop();
    }
  });
});
