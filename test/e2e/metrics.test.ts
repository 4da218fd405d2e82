import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from '../fixtures/slack-payloads.ts';
import { FakeSlack, postSigned } from '../support/fake-slack.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { startSlackBot } from '../support/spawn-bot.ts';

const TOKEN = 'metrics-token-FAKE-0123456789';

describe('npm start with Slack settings and TALLY_METRICS_TOKEN: GET /metrics on the same port', () => {
  const slack = new FakeSlack();
  let started: Awaited<ReturnType<typeof startSlackBot>> | undefined;

  beforeAll(async () => {
    await slack.start();
    started = await startSlackBot(slack, { TALLY_METRICS_TOKEN: TOKEN });
  }, 60_000);

  afterAll(async () => {
    await started?.stop();
    await slack.stop();
  });

  it('refuses a scrape without the token, then counts the commands run, their times, the outbox and the jobs', async () => {
    const { bot, port } = started!;
    const scrape = (authorization?: string) =>
      fetch(`http://127.0.0.1:${port}/metrics`, { headers: authorization ? { authorization } : {} });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', TOKEN]) {
      const refused = await scrape(authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('Bearer');
      expect(await refused.json()).toEqual({ error: expect.stringContaining('Authorization: Bearer') });
    }
    await postSigned(port, slashCommand('alice', '/team', 'create Acme', slack.responseUrl('create')));
    await postSigned(port, slashCommand('alice', '/team', 'craete Globex', slack.responseUrl('typo')));
    for (const id of ['create', 'typo']) await slack.waitFor(() => slack.responses.find((r) => r.id === id), id);

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const ran = { platform: 'slack', command: 'team create' };
    expect(sampleValue(text, 'tally_commands_total', { ...ran, outcome: 'ok' })).toBe(1);
    expect(
      sampleValue(text, 'tally_commands_total', { platform: 'slack', command: '(unparsed)', outcome: 'user_error' }),
    ).toBe(1);
    expect(text).toContain('# TYPE tally_command_duration_seconds histogram');
    for (const le of ['0.05', '0.5', '10', '+Inf'])
      expect(sampleValue(text, 'tally_command_duration_seconds_bucket', { ...ran, le })).toBeTypeOf('number');
    expect(sampleValue(text, 'tally_command_duration_seconds_bucket', { ...ran, le: '+Inf' })).toBe(1);
    expect(sampleValue(text, 'tally_command_duration_seconds_count', ran)).toBe(1);
    for (const status of ['pending', 'sending', 'dead'])
      expect(sampleValue(text, 'tally_outbox_messages', { status })).toBe(0); // nobody was sent anything
    for (const job of ['meter-resources', 'scan-balances', 'expire-top-ups', 'watch-launches', 'prune-records']) {
      expect(sampleValue(text, 'tally_job_failures_total', { job })).toBe(0);
      expect(sampleValue(text, 'tally_job_duration_seconds_count', { job })).toBeTypeOf('number');
    }
    expect(text).toContain('# TYPE tally_external_call_errors_total counter');
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).not.toContain('Globex');

    expect(bot.output()).toContain('"message":"metrics at GET /metrics","access":"TALLY_METRICS_TOKEN"');
    expect(bot.output()).not.toContain(TOKEN);
  });
});
