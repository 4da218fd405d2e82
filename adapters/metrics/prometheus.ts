import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxDepth } from '../../src/jobs/outbox-depth.ts';
import type { Logger } from '../../src/logger.ts';
import type { Metrics } from '../../src/ports/metrics.ts';

// A chat answer: Slack's acknowledgement window is 3 s, and most commands take well under a second.
const COMMAND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// A job: milliseconds for a quiet Tally, minutes for metering many teams.
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

/** The port's events as Prometheus metrics in a registry of their own, with Node's process metrics. */
export interface PrometheusMetrics extends Metrics {
  /** The text exposition format GET /metrics answers with. */
  render(): Promise<string>;
  contentType: string;
}

export interface PrometheusOptions {
  log: Logger;
  /** Read at each scrape; undefined while the database is not open yet. */
  outboxDepth(): Promise<OutboxDepth | undefined>;
}

export function prometheusMetrics(options: PrometheusOptions): PrometheusMetrics {
  const registry = new Registry();
  // Node's own under their usual names (process_*, nodejs_*), which ready-made dashboards expect.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const commands = new Counter({
    name: 'tally_commands_total',
    help: 'Commands handled, by platform, command path and outcome (ok, user_error, failure).',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: 'tally_command_duration_seconds',
    help: 'Time from dispatch to the reply: the person, the checks and the command itself.',
    labelNames: ['platform', 'command'] as const,
    buckets: COMMAND_BUCKETS,
    registers,
  });
  const jobSeconds = new Histogram({
    name: 'tally_job_duration_seconds',
    help: 'Scheduled job runs, failed ones included, by job.',
    labelNames: ['job'] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const jobFailures = new Counter({
    name: 'tally_job_failures_total',
    help: 'Scheduled job runs that threw, by job.',
    labelNames: ['job'] as const,
    registers,
  });
  const externalFailures = new Counter({
    name: 'tally_external_call_errors_total',
    help: 'Failed calls to outside services (stripe, sesterce), by operation and kind.',
    labelNames: ['service', 'operation', 'kind'] as const,
    registers,
  });
  const apiRequests = new Counter({
    name: 'tally_api_requests_total',
    help: 'REST API requests answered by a route, by route and status (401s and 429s included).',
    labelNames: ['route', 'status'] as const,
    registers,
  });
  const apiSeconds = new Histogram({
    name: 'tally_api_request_duration_seconds',
    help: 'Time to answer a REST API request, by route (a launch includes the call to the cloud).',
    labelNames: ['route'] as const,
    buckets: COMMAND_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'tally_outbox_messages',
    help: 'Outbox messages not delivered, by status: pending, sending, dead (given up on: dead letters).',
    labelNames: ['status'] as const,
    registers,
    // Counted at each scrape; left out (not stale) when the database does not answer.
    async collect() {
      this.reset();
      const depth = await options.outboxDepth().catch((error: Error) => {
        options.log.warn('metrics: the outbox could not be counted', { error: error.message });
        return undefined;
      });
      if (depth) for (const [status, count] of Object.entries(depth)) this.set({ status }, count);
    },
  });
  const declared = new Set<string>();
  return {
    commandHandled({ platform, command, outcome, seconds }) {
      commands.inc({ platform, command, outcome });
      if (seconds !== undefined) commandSeconds.observe({ platform, command }, seconds);
    },
    jobsScheduled(jobs) {
      // Zero from the start, so a rate or an alert on them needs no first run; once (zero() overwrites).
      for (const job of jobs) {
        if (declared.has(job)) continue;
        declared.add(job);
        jobSeconds.zero({ job });
        jobFailures.inc({ job }, 0);
      }
    },
    jobRan({ job, seconds, ok }) {
      jobSeconds.observe({ job }, seconds);
      if (!ok) jobFailures.inc({ job });
    },
    externalCallFailed(labels) {
      externalFailures.inc(labels);
    },
    apiRequestHandled({ route, status, seconds }) {
      apiRequests.inc({ route, status: String(status) });
      apiSeconds.observe({ route }, seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
