// A process whose only scheduled job outlasts its one-second cadence, so node-cron has overlaps to
// report. What the scheduler hands the logger goes to the file in argv[2]; anything on this
// process's stdout or stderr came from somewhere else.
import { appendFileSync } from 'node:fs';
import type { Deps } from '../../src/deps.ts';
import { startScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/logger.ts';
import { noMetrics } from '../../src/ports/metrics.ts';

const log = createLogger('debug', (line) => appendFileSync(process.argv[2]!, line));
const scheduler = startScheduler({ log, metrics: noMetrics } as Deps, [
  { name: 'slow', every: '* * * * * *', run: () => new Promise((done) => setTimeout(done, 2500)) },
]);
await new Promise((done) => setTimeout(done, 4200));
await scheduler.stop();
