import { billingButtons } from '../alerts/billing-buttons.ts';
import { enqueueAlert } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { HOUR } from '../clock.ts';
import { InsufficientCredits, postEntry } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';
import type { Resource } from '../generated/prisma/client.ts';
import { eachAtOnce, type JobOptions } from '../jobs/each-at-once.ts';
import { formatCents } from '../money.ts';
import { reply } from '../reply.ts';
import { md } from '../rich-text.ts';

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
export async function meterResources(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'compute'>,
  options: JobOptions & { batchSize?: number } = {},
): Promise<MeteringReport> {
  const { batchSize = 500 } = options;
  const now = deps.clock.now();
  const report: MeteringReport = { charged: 0, suspended: [] };
  const failed = new Set<string>();
  while (!options.signal?.aborted) {
    const due = await deps.db.resource.findMany({
      where: { status: 'running', paidUntil: { lte: now }, id: { notIn: [...failed] } },
      orderBy: { paidUntil: 'asc' },
      take: batchSize,
    });
    if (due.length === 0) return report;
    await eachAtOnce(
      due,
      options,
      (resource) => meterOne(deps, resource, now, report),
      (resource, error) => {
        failed.add(resource.id); // tried again on the next run, not in this one's loop
        deps.log.error('metering a resource failed', { resourceId: resource.id, error: error.message });
      },
    );
  }
  return report;
}

/** The ledger key of one resource-hour: whoever charges it (metering, a stop), it is charged once. */
export const meterKey = (resourceId: string, periodStart: Date) => `meter:${resourceId}:${periodStart.toISOString()}`;

export const meterReason = (resource: Pick<Resource, 'name' | 'spec'>, periodStart: Date) =>
  `${resource.name} (${resource.spec}) from ${periodStart.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Charges one resource's next hour, or suspends it when the team cannot pay. */
async function meterOne(
  deps: Pick<Deps, 'db' | 'log' | 'compute'>,
  resource: Resource,
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
    if (suspended) {
      report.suspended.push(resource.id);
      // Suspended means no longer running at the provider: nobody pays for it any more.
      await deps.compute.release(resource.providerId).catch((releaseError: Error) =>
        deps.log.error('provider release on suspension failed', {
          resourceId: resource.id,
          error: releaseError.message,
        }),
      );
    }
  }
}
