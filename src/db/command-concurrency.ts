import type { DatabaseTarget } from './open-database.ts';

// How many commands run at once. Only a command's own work takes a slot: the answer's post to
// Slack or Discord waits outside it (src/inbound/handle-inbound.ts), so a slow platform does not
// starve new commands, and the slots bound CPU and database work alone. Fewer slots let the
// acknowledgements (one insert each) through sooner: bench/slack-commands.ts, 64 at once on
// PostgreSQL, 2 shared cores, ack p99 200 ms at 4, 306 ms at 8, 390 ms at 16; throughput barely moves.
// PGlite runs every statement on the calling thread, one at a time: 2 (ack p99 0.75-0.80 s for a
// burst of 200, against 0.6-1.25 s at 4 and 0.8-1.95 s at 8).
const PGLITE_COMMANDS_AT_ONCE = 2;
const POSTGRES_COMMANDS_AT_ONCE = 4;

/** How many commands the adapters work on at once; on PostgreSQL the rest of the pool serves acks and jobs. */
export function commandConcurrency(target: DatabaseTarget): number {
  return target.kind === 'pglite' ? PGLITE_COMMANDS_AT_ONCE : Math.min(target.poolSize, POSTGRES_COMMANDS_AT_ONCE);
}
