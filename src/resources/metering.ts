import { recordAudit } from '../audit/record-audit.ts';
import { HOUR } from '../clock.ts';
import { InsufficientCredits, postEntry } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';

export interface MeteringReport {
  charged: number;
  suspended: string[];
}

/**
 * Charges every running resource whose prepaid hour is over for the next hour. Each period's
 * ledger key is (resource, period start) and the advance of paidUntil is conditional on its old
 * value, so a second run, a restart or a second process never charges a period twice.
 * A team that cannot pay has the resource suspended.
 */
export async function meterResources(deps: Pick<Deps, 'db' | 'clock' | 'log'>, batchSize = 500): Promise<MeteringReport> {
  const now = deps.clock.now();
  const report: MeteringReport = { charged: 0, suspended: [] };
  for (;;) {
    const due = await deps.db.resource.findMany({ where: { status: 'running', paidUntil: { lte: now } }, orderBy: { paidUntil: 'asc' }, take: batchSize });
    if (due.length === 0) return report;
    for (const resource of due) {
      const periodStart = resource.paidUntil;
      try {
        await deps.db.$transaction(async (tx) => {
          const advanced = await tx.resource.updateMany({
            where: { id: resource.id, status: 'running', paidUntil: periodStart },
            data: { paidUntil: new Date(periodStart.getTime() + HOUR) },
          });
          if (advanced.count === 0) return; // another run got there first
          await postEntry(tx, {
            teamId: resource.teamId,
            kind: 'charge',
            amountCents: -resource.hourlyCents,
            idempotencyKey: `meter:${resource.id}:${periodStart.toISOString()}`,
            reason: `${resource.name} (${resource.spec}) from ${periodStart.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
            resourceId: resource.id,
            at: now,
          });
          report.charged += 1;
        });
      } catch (error) {
        if (!(error instanceof InsufficientCredits)) throw error;
        const { count } = await deps.db.resource.updateMany({
          where: { id: resource.id, status: 'running', paidUntil: periodStart },
          data: { status: 'suspended', statusReason: 'insufficient credits' },
        });
        if (count > 0) {
          report.suspended.push(resource.id);
          await recordAudit(deps.db, { teamId: resource.teamId, actorId: null, action: 'resource.suspend', target: resource.name, details: { reason: 'insufficient credits', neededCents: resource.hourlyCents }, at: now });
        }
      }
    }
  }
}
