import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type PrometheusMetrics, prometheusMetrics } from '../../adapters/metrics/prometheus.ts';
import { outboxDepth } from '../../src/jobs/outbox-depth.ts';
import { startScheduler } from '../../src/jobs/scheduler.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakeSesterce } from '../support/fake-sesterce.ts';
import { FakeStripe } from '../support/fake-stripe.ts';
import { useHarness } from '../support/harness.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { failure, fastClient } from '../support/sesterce-testing.ts';
import { fakeStripePayments, SELLER } from '../support/stripe-harness.ts';
import { waitFor } from '../support/wait-for.ts';

// The Prometheus adapter fed by the real paths: dispatch, the scheduler, the outbox table, the providers' clients.
describe('Prometheus metrics', () => {
  const h = useHarness();
  let metrics: PrometheusMetrics;
  beforeAll(() => {
    metrics = prometheusMetrics({ log: silentLogger, outboxDepth: () => outboxDepth(h.db) });
    h.deps = { ...h.deps, metrics };
  });
  const scrape = () => metrics.render();

  it('counts commands by platform, command path and outcome, and times them', async () => {
    await h.run('alice', '/team create Acme');
    await h.run('alice', '/team create Acme'); // the name is taken: the person's to fix
    await h.run('alice', '/team craete Globex'); // no such command: never a label of its own
    const healthy = h.deps;
    h.deps = { ...healthy, catalog: { current: () => Promise.reject(new Error('catalog exploded')) } };
    const answer = await h.run('alice', '/launch catalog').finally(() => {
      h.deps = healthy;
    });
    expect(answer.text).toContain('reference');
    const text = await scrape();
    const count = (command: string, outcome: string) =>
      sampleValue(text, 'tally_commands_total', { platform: 'console', command, outcome });
    expect(count('team create', 'ok')).toBe(1);
    expect(count('team create', 'user_error')).toBe(1);
    expect(count('(unparsed)', 'user_error')).toBe(1);
    expect(count('launch catalog', 'failure')).toBe(1);
    expect(text).not.toContain('craete');
    const timed = { platform: 'console', command: 'team create' };
    expect(sampleValue(text, 'tally_command_duration_seconds_count', timed)).toBe(2);
    expect(sampleValue(text, 'tally_command_duration_seconds_bucket', { ...timed, le: '10' })).toBe(2);
    expect(sampleValue(text, 'tally_command_duration_seconds_bucket', { ...timed, le: '+Inf' })).toBe(2);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m); // Node's own, from the same registry
  });

  it('reads the outbox depth by status at each scrape, dead letters included', async () => {
    expect(sampleValue(await scrape(), 'tally_outbox_messages', { status: 'pending' })).toBe(0);
    const row = (key: string, status: string) => ({
      key,
      platform: 'console',
      recipient: 'alice',
      payload: { text: 'hi' },
      status,
    });
    await h.db.outboxMessage.createMany({
      data: [row('a', 'pending'), row('b', 'pending'), row('c', 'dead'), row('d', 'sent')],
    });
    const text = await scrape();
    expect(sampleValue(text, 'tally_outbox_messages', { status: 'pending' })).toBe(2);
    expect(sampleValue(text, 'tally_outbox_messages', { status: 'sending' })).toBe(0);
    expect(sampleValue(text, 'tally_outbox_messages', { status: 'dead' })).toBe(1);
    expect(sampleValue(text, 'tally_outbox_messages', { status: 'sent' })).toBeUndefined();
  });

  it("times the scheduler's jobs and counts the ones that throw, each at zero from the start", async () => {
    const scheduler = startScheduler(h.deps, [
      { name: 'always-fails', every: '* * * * * *', run: () => Promise.reject(new Error('boom')) },
      { name: 'daily', every: '0 0 3 * * *', run: async () => {} },
    ]);
    try {
      const before = await scrape();
      expect(sampleValue(before, 'tally_job_failures_total', { job: 'daily' })).toBe(0);
      expect(sampleValue(before, 'tally_job_duration_seconds_count', { job: 'daily' })).toBe(0);
      await waitFor(
        async () => sampleValue(await scrape(), 'tally_job_failures_total', { job: 'always-fails' }) === 1,
        'a run',
      );
      metrics.jobsScheduled(['always-fails']); // a second scheduler of the same job keeps what was counted
      const after = await scrape();
      expect(sampleValue(after, 'tally_job_duration_seconds_count', { job: 'always-fails' })).toBeGreaterThanOrEqual(1);
      expect(sampleValue(after, 'tally_job_failures_total', { job: 'always-fails' })).toBeGreaterThanOrEqual(1);
    } finally {
      await scheduler.stop();
    }
  });

  describe('failed calls to the providers, by operation and kind', () => {
    let sesterce: FakeSesterce;
    let stripe: FakeStripe;
    beforeAll(async () => {
      sesterce = await FakeSesterce.start();
      stripe = await FakeStripe.start();
    });
    afterAll(async () => {
      await sesterce.stop();
      await stripe.stop();
    });

    it('counts each failed try at Sesterce, ids left out of the operation', async () => {
      const client = fastClient(sesterce, { metrics, retries: 1 });
      sesterce.failNext(503, 1);
      await client.send('GET', '/gpu-cloud/instances/offers', z.unknown());
      await failure(client.send('GET', '/gpu-cloud/instances/6650c0ffee0123456789abcd', z.unknown()));
      const text = await scrape();
      const errors = (operation: string, kind: string) =>
        sampleValue(text, 'tally_external_call_errors_total', { service: 'sesterce', operation, kind });
      expect(errors('GET /gpu-cloud/instances/offers', 'http_5xx')).toBe(1);
      expect(errors('GET /gpu-cloud/instances/:id', 'not_found')).toBe(1);
      expect(text).not.toContain('6650c0ffee');
    });

    it('counts a call to Stripe that throws', async () => {
      const payments = fakeStripePayments(stripe, { currency: 'USD', seller: SELLER }, metrics);
      stripe.failNext = 400;
      const request = {
        teamId: 'team-1',
        teamName: 'Acme',
        amountCents: 500,
        currency: 'USD',
        payer: { userId: 'user-1', displayName: 'alice' },
        idempotencyKey: 'k-stripe',
      };
      await expect(payments.checkout.startCheckout(request)).rejects.toThrow();
      const labels = { service: 'stripe', operation: 'checkout.sessions.create', kind: 'invalid_request' };
      expect(sampleValue(await scrape(), 'tally_external_call_errors_total', labels)).toBe(1);
    });
  });
});
