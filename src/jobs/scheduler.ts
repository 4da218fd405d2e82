// The one module that knows cron syntax. Jobs are plain functions (tested directly with a fixed
// clock); here they only get their cadence, and never overlap with themselves.
import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.ts';
import { meterResources } from '../resources/metering.ts';
import { drainOutbox } from './drain-outbox.ts';
import type { JobOptions } from './each-at-once.ts';
import { scanBalances } from './scan-balances.ts';

export interface Job {
  name: string;
  /** node-cron expression; six fields = with seconds. */
  every: string;
  run(deps: Deps): Promise<unknown>;
}

/** The three jobs and their cadence; `concurrency` is how many teams each works on at once. */
export function defaultJobs(options: JobOptions = {}): Job[] {
  return [
    { name: 'meter-resources', every: '* * * * *', run: (deps) => meterResources(deps, options) },
    { name: 'scan-balances', every: '*/5 * * * *', run: (deps) => scanBalances(deps, options) },
    { name: 'drain-outbox', every: '* * * * * *', run: (deps) => drainOutbox(deps) }, // every second: the pace per channel
  ];
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(deps: Deps, jobs: Job[] = defaultJobs()): Scheduler {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.every,
      async () => {
        try {
          await job.run(deps);
        } catch (error) {
          deps.log.error('scheduled job failed', { job: job.name, error: (error as Error).message });
        }
      },
      { name: job.name, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
