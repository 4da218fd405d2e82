import { describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import { silentLogger } from '../../src/logger.ts';
import { slashCommand } from '../fixtures/slack-payloads.ts';
import { postSigned, SIGNING_SECRET } from '../support/fake-slack.ts';
import { rowCounts } from '../support/row-counts.ts';
import { serveRoutes } from '../support/serve-routes.ts';
import { useSlack } from '../support/slack-harness.ts';

// What Tally's own Bolt receiver answers on POST /slack/events before any listener runs.
describe('Slack events on the HTTP application', () => {
  const s = useSlack('http');

  it("answers Slack's URL verification with the challenge, when signed", async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });
    const verified = await postSigned(s.port, body, { contentType: 'application/json' });
    expect([verified.status, JSON.parse(verified.text)]).toEqual([200, { challenge: 'c-123' }]);
    expect((await postSigned(s.port, body, { contentType: 'application/json', signature: null })).status).toBe(401);
  });

  it("answers Slack's unsigned ssl_check with an empty 200 and runs nothing", async () => {
    const before = await rowCounts(s.h.db);
    const check = await postSigned(s.port, 'ssl_check=1&token=x', { signature: null });
    expect([check.status, check.text]).toEqual([200, '']);
    expect(await rowCounts(s.h.db)).toEqual(before);
    expect(s.fake.calls).toHaveLength(0);
  });

  it('refuses a body over 4 MB with 413', async () => {
    expect((await postSigned(s.port, `text=${'x'.repeat(4 * 1024 * 1024)}`)).status).toBe(413);
  });
});

describe('Slack events before the adapter starts', () => {
  it('are answered 503, so Slack retries them, and nothing runs', async () => {
    const adapter = createSlackAdapter(
      { mode: 'http', botToken: 'xoxb-fake-token', signingSecret: SIGNING_SECRET, apiUrl: 'http://127.0.0.1:9/api' },
      { log: silentLogger },
    );
    const server = await serveRoutes(adapter.routes);
    try {
      const body = slashCommand('alice', '/team', 'create Early', 'http://127.0.0.1:9/response/early');
      expect((await postSigned(server.port, body)).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
