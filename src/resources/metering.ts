import { billingButtons } from '../alerts/billing-buttons.ts';
import { enqueueAlert } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { HOUR } from '../clock.ts';
import { InsufficientCredits, postEntry } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';
import { eachAtOnce, type JobOptions } from '../jobs/each-at-once.ts';
import { formatCents } from '../money.ts';
import { reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { type BatchResult, type DueResource, meterBatch } from './meter-batch.ts';
import { meterKey, meterReason } from './meter-keys.ts';

export interface MeteringReport {
  charged: number;
  suspended: string[];
}

/**
 * Charges every running resource whose prepaid hour is over for every hour begun since, a batch
 * of resources at a time in a few statements (meterBatch). Each period's ledger key is (resource,
 * period start) and a batch works on resources it has locked, so a second run, a restart or a
 * second process never charges a period twice. A team that cannot pay all its due hours is
 * metered one hour at a time, and a resource it cannot pay for is suspended. `concurrency` batches
 * run at once.
 */
export async function meterResources(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'compute'>,
  options: JobOptions & { batchSize?: number } = {},
): Promise<MeteringReport> {
  const { batchSize = 1000 } = options;
  const now = deps.clock.now();
  const report: MeteringReport = { charged: 0, suspended: [] };
  const failed = new Set<string>();
  // Most minutes nothing is due: one plain read, not a locking transaction per worker.
  if (!(await anythingDue(deps, now))) return report;
  // Batches lock disjoint resources (SKIP LOCKED) and their teams in id order, so several run at once.
  const worker = async () => {
    while (!options.signal?.aborted) {
      let batch: BatchResult;
      try {
        batch = await deps.db.$transaction((tx) => meterBatch(tx, now, [...failed], batchSize));
      } catch (error) {
        // Something in the batch broke the statement (a stop charged an hour meanwhile): one at a time.
        deps.log.error('metering a batch failed; metering it one resource at a time', {
          error: (error as Error).message,
        });
        batch = await oneByOne(deps, now, failed, batchSize);
      }
      if (batch.found === 0) return;
      report.charged += batch.charged;
      const byTeam = new Map<string, DueResource[]>();
      for (const resource of batch.unpaid) {
        const ofTeam = byTeam.get(resource.teamId);
        if (ofTeam) ofTeam.push(resource);
        else byTeam.set(resource.teamId, [resource]);
      }
      await eachAtOnce(
        [...byTeam.values()],
        options,
        async (resources) => {
          // In order, so the earliest hours are the ones paid when the money runs out.
          for (const resource of resources) {
            try {
              await meterOne(deps, resource, now, report);
            } catch (error) {
              failed.add(resource.id); // tried again on the next run, not in this one's loop
              deps.log.error('metering a resource failed', {
                resourceId: resource.id,
                error: (error as Error).message,
              });
            }
          }
        },
        () => {},
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return report;
}

/** Whether a running resource's paid hour is over (meterBatch's condition, without locking). */
async function anythingDue(deps: Pick<Deps, 'db'>, now: Date): Promise<boolean> {
  const [row] = await deps.db.$queryRaw<{ due: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Resource" WHERE status = 'running' AND "paidUntil" <= ${now.toISOString()}::timestamp(3)
    ) AS due`;
  return row?.due === true;
}

/** A batch that failed as a whole, handed to the per-resource path (which finds what is wrong). */
async function oneByOne(deps: Pick<Deps, 'db'>, now: Date, failed: Set<string>, limit: number): Promise<BatchResult> {
  const unpaid = await deps.db.resource.findMany({
    where: { status: 'running', paidUntil: { lte: now }, id: { notIn: [...failed] } },
    orderBy: [{ paidUntil: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return { found: unpaid.length, charged: 0, unpaid };
}

/** Charges one resource's next hour, or suspends it when the team cannot pay. */
async function meterOne(
  deps: Pick<Deps, 'db' | 'log' | 'compute'>,
  resource: DueResource,
  now: Date,
  report: MeteringReport,
) {
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
        idempotencyKey: meterKey(resource.id, periodStart),
        reason: meterReason(resource, periodStart),
        resourceId: resource.id,
        at: now,
      });
      report.charged += 1;
    });
  } catch (error) {
    if (!(error instanceof InsufficientCredits)) throw error;
    const suspended = await deps.db.$transaction(async (tx) => {
      const { count } = await tx.resource.updateMany({
        where: { id: resource.id, status: 'running', paidUntil: periodStart },
        data: { status: 'suspended', statusReason: 'insufficient credits' },
      });
      if (count === 0) return false;
      await recordAudit(tx, {
        teamId: resource.teamId,
        actorId: null,
        action: 'resource.suspend',
        target: resource.name,
        details: { reason: 'insufficient credits', neededCents: resource.hourlyCents },
        at: now,
      });
      const team = await tx.team.findUniqueOrThrow({ where: { id: resource.teamId } });
      const balance = formatCents(error.balanceCents);
      const costs = md`the next hour costs ${formatCents(resource.hourlyCents)} and the balance is ${balance}.`;
      await enqueueAlert(tx, {
        teamId: resource.teamId,
        alertKey: `suspend:${resource.id}:${periodStart.toISOString()}`,
        message: reply(
          md`Suspended ${resource.kind} ‘${resource.name}’ (${resource.spec}) in *${team.name}*: ${costs}`,
          {
            tone: 'error',
            title: 'Resource suspended',
            buttons: billingButtons(team.id),
          },
        ),
        at: now,
      });
      return true;
    });
    if (suspended) report.suspended.push(resource.id);
    // Suspended means no longer running at the provider: nobody pays for it any more.
    if (suspended && resource.providerId) {
      await deps.compute.release(resource.kind, resource.providerId).catch((releaseError: Error) =>
        deps.log.error('provider release on suspension failed', {
          resourceId: resource.id,
          error: releaseError.message,
        }),
      );
    }
  }
}
