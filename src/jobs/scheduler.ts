// The one module that knows cron syntax. Jobs are plain functions (tested directly with a fixed
// clock); here they only get their cadence, and never overlap with themselves.
import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import { processPaymentEvents } from '../credits/payment-events.ts';
import type { Deps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import { secondsSince } from '../ports/metrics.ts';
import type { ReadPaymentEvent } from '../ports/payments.ts';
import { meterResources } from '../resources/metering.ts';
import { watchLaunches } from '../resources/watch-launches.ts';
import type { JobOptions } from './each-at-once.ts';
import { expireTopUpRequests } from './expire-top-ups.ts';
import { pruneRecords } from './prune-records.ts';
import { scanBalances } from './scan-balances.ts';

export interface Job {
  name: string;
  /** node-cron expression; six fields = with seconds. */
  every: string;
  /** `signal` is aborted when the bot stops: a long run ends after the items it has begun. */
  run(deps: Deps, signal: AbortSignal): Promise<unknown>;
}

/**
 * The jobs and their cadence; `concurrency` is how many teams each works on at once. The outbox is
 * not among them: it drains when woken (outbox-pump.ts).
 */
export function defaultJobs(options: JobOptions = {}): Job[] {
  return [
    {
      name: 'meter-resources',
      every: '* * * * *',
      run: (deps, signal) => meterResources(deps, { ...options, signal }),
    },
    // At second 20, not with metering at second 0: two jobs' queries at once make a longer burst.
    {
      name: 'scan-balances',
      every: '20 */5 * * * *',
      run: (deps, signal) => scanBalances(deps, { ...options, signal }),
    },
    // At second 50 of every fifth minute: off metering (0), the scan (20) and command recovery (10, 40).
    { name: 'expire-top-ups', every: '50 */5 * * * *', run: (deps) => expireTopUpRequests(deps) },
    // Launches in flight, asked about at the cloud: every 30 s, at seconds 15 and 45, off the others.
    { name: 'watch-launches', every: '15,45 * * * * *', run: (deps) => watchLaunches(deps) },
    { name: 'prune-records', every: '17 3 * * *', run: (deps) => pruneRecords(deps) }, // daily, at a quiet hour
  ];
}

/**
 * With a card processor: its events stored but left unprocessed (a crash between answering and
 * processing, an outage), every minute at second 25, off the other jobs.
 */
export function paymentEventsJob(read: ReadPaymentEvent): Job {
  return { name: 'payment-events', every: '25 * * * * *', run: (deps) => processPaymentEvents(deps, read) };
}

const textOf = (message: string | Error) => (message instanceof Error ? message.message : message);

/**
 * node-cron's own messages through our logger: its default one writes coloured lines straight to
 * the console, past LOG_LEVEL and into the console conversation. Its two routine warnings are
 * debug: a blocked overlap is noOverlap doing its job (a long metering run outlasts its minute),
 * and a slot missed while the thread was busy (PGlite runs on it) is caught up by the next run.
 */
function cronLogger(log: Logger, job: string): CronLogger {
  const routine = /^(task still running|missed execution)/;
  return {
    info: (message) => log.debug(`node-cron: ${message}`, { job }),
    warn: (message) => (routine.test(message) ? log.debug : log.warn)(`node-cron: ${message}`, { job }),
    error: (message, error) =>
      log.error(`node-cron: ${textOf(message)}`, { job, ...(error && { error: error.message }) }),
    debug: (message) => log.debug(`node-cron: ${textOf(message)}`, { job }),
  };
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(deps: Deps, jobs: Job[] = defaultJobs()): Scheduler {
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  deps.metrics.jobsScheduled(jobs.map((job) => job.name));
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.every,
      () => {
        const started = performance.now();
        const ran = (ok: boolean) => deps.metrics.jobRan({ job: job.name, seconds: secondsSince(started), ok });
        const run = job.run(deps, stopping.signal).then(
          () => ran(true),
          (error: Error) => {
            ran(false);
            deps.log.error('scheduled job failed', { job: job.name, error: error.message });
          },
        );
        inFlight.add(run);
        return run.finally(() => inFlight.delete(run));
      },
      { name: job.name, noOverlap: true, logger: cronLogger(deps.log, job.name) },
    ),
  );
  return {
    /** No new runs; runs in progress finish the item they are on, and this waits for them. */
    async stop() {
      stopping.abort();
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
