import { dmRows, insertOutboxRows } from '../alerts/outbox.ts';
import type { Deps } from '../deps.ts';
import type { Reply } from '../reply.ts';

/**
 * A DM to every operator through the outbox, keyed by `key` (the same key again queues nothing):
 * what the people who run this Tally must act on. `teamId` null: about no one team.
 */
export async function tellOperators(
  deps: Pick<Deps, 'db' | 'operators'>,
  input: { key: string; teamId: string | null; message: Reply; at: Date },
): Promise<void> {
  await deps.db.$transaction((tx) => insertOutboxRows(tx, dmRows(deps.operators.identities, input)));
}
