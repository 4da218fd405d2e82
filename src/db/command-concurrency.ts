import type { DatabaseTarget } from './open-database.ts';

// PGlite runs every statement in its own thread, one at a time, so more commands at once only
// add main-thread work (Prisma, rendering) while a burst is still being acknowledged.
// bench/slack-commands.ts, 200 commands at once on 2 busy shared cores: ack p99 0.75-0.80 s at
// 2, 0.6-1.25 s at 4, 0.8-1.95 s at 8. More would help answers when Slack is slow to take them
// (the work slot is held during the response_url post: with 200 ms per post the last of 200
// answers comes after ~23 s at 2, ~7 s at 8), but that needs acks to outrank work first.
const PGLITE_COMMANDS_AT_ONCE = 2;

/** How many commands the adapters work on at once: PostgreSQL takes a pool's worth. */
export function commandConcurrency(target: DatabaseTarget): number {
  return target.kind === 'pglite' ? PGLITE_COMMANDS_AT_ONCE : target.poolSize;
}
