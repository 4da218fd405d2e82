import { expect } from 'vitest';
import { drainAll } from './drain-all.ts';
import type { Harness } from './harness.ts';

/** The team's balance, after checking the ledger sums to it (what every money test must keep true). */
export async function ledgerSum(h: Pick<Harness, 'db'>, teamId: string): Promise<number> {
  const team = await h.db.team.findUniqueOrThrow({ where: { id: teamId } });
  const sum = await h.db.ledgerEntry.aggregate({ where: { teamId }, _sum: { amountCents: true } });
  expect(sum._sum.amountCents ?? 0).toBe(team.balanceCents);
  return team.balanceCents;
}

/** The outbox's messages sent, as the pump would send them, the harness clock moved past each pace. */
export const deliver = (h: Pick<Harness, 'deps' | 'clock'>) => drainAll(h.deps, (ms) => h.clock.advance(ms));
