/**
 * How a command ended: it ran (`ok`), it was refused with a reason the person can act on
 * (`user_error`: bad options, no permission, not enough credits…), or it failed on our side
 * (`failure`: the reply gave a reference id).
 */
export type CommandOutcome = 'ok' | 'user_error' | 'failure';

/**
 * What operations want counted, in the core's terms; the Prometheus adapter (adapters/metrics)
 * turns it into metrics. Every value passed is from a short fixed list (a platform, a command
 * path, a job's name, an operation): never text a person typed, ids or amounts.
 */
export interface Metrics {
  /** Once for every command dispatch runs, with how long it took (no time for a line that named no command). */
  commandHandled(event: { platform: string; command: string; outcome: CommandOutcome; seconds?: number }): void;
  /** The jobs a scheduler runs, when it starts: their series exist (at zero) before the first run. */
  jobsScheduled(jobs: readonly string[]): void;
  jobRan(event: { job: string; seconds: number; ok: boolean }): void;
  /** A call to an outside service (payments, the cloud) that failed; `kind` says how. */
  externalCallFailed(event: { service: string; operation: string; kind: string }): void;
  /** A REST API request answered by one of its routes (`POST /resources`), with its status. */
  apiRequestHandled(event: { route: string; status: number; seconds: number }): void;
}

/** The console's and the tests': nothing is counted. */
export const noMetrics: Metrics = {
  commandHandled() {},
  jobsScheduled() {},
  jobRan() {},
  externalCallFailed() {},
  apiRequestHandled() {},
};

/** Seconds since `started` (a `performance.now()`), for the durations above. */
export const secondsSince = (started: number) => (performance.now() - started) / 1000;
