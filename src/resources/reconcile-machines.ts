import { dmRows, enqueueAlert, insertOutboxRows } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DAY, MINUTE } from '../clock.ts';
import { postEntry } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';
import type { Resource } from '../generated/prisma/client.ts';
import { formatCents } from '../money.ts';
import type { Machine } from '../ports/compute.ts';
import { reply } from '../reply.ts';
import { joinText, md } from '../rich-text.ts';
import { providerNameOf } from './provision-launch.ts';
import { refundFor } from './stop-resource.ts';

const NO_LONGER = md`it is no longer charged.`;

type ReconcileDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'compute' | 'operators'>;

/** Younger launches are left alone: the cloud's list may not show a machine made a moment ago. */
export const RECONCILE_AFTER_MS = 5 * MINUTE;

export interface ReconcileReport {
  /** Machines at the cloud no live Tally resource stands for. */
  unknown: Machine[];
  /** Tally resources whose machine the cloud no longer has: metering stopped, unused time refunded. */
  gone: Resource[];
}

/** What a resource deleted outside Tally gets back: its unused minutes, or a first hour never used. */
function unusedCents(resource: Resource, now: Date): number {
  if (resource.status === 'pending') return resource.hourlyCents;
  if (resource.status === 'running') return refundFor(resource.hourlyCents, resource.paidUntil, now);
  return 0; // suspended: nothing paid ahead
}

/** Ends one resource the cloud no longer has, once: stopped, refunded, logged and told to the team. */
async function endGone(deps: ReconcileDeps, resource: Resource, now: Date): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const reason = 'deleted outside Tally';
    const { count } = await tx.resource.updateMany({
      where: { id: resource.id, status: resource.status, paidUntil: resource.paidUntil },
      data: { status: 'stopped', liveName: null, stoppedAt: now, statusReason: reason },
    });
    if (count === 0) return false;
    const refundCents = unusedCents(resource, now);
    if (refundCents > 0)
      await postEntry(tx, {
        teamId: resource.teamId,
        kind: 'refund',
        amountCents: refundCents,
        idempotencyKey: `refund:${resource.id}`,
        reason: `unused time of ${resource.name} (${reason})`,
        resourceId: resource.id,
        at: now,
      });
    await recordAudit(tx, {
      teamId: resource.teamId,
      actorId: null,
      action: 'resource.gone',
      target: resource.name,
      details: { refundCents },
      at: now,
    });
    const team = await tx.team.findUniqueOrThrow({ where: { id: resource.teamId } });
    const what = md`${resource.kind} *${resource.name}* in *${team.name}*`;
    const back = refundCents > 0 ? md` Its unused time, *${formatCents(refundCents)}* credits, is back.` : '';
    await enqueueAlert(tx, {
      teamId: resource.teamId,
      alertKey: `resource-gone:${resource.id}`,
      message: reply(md`${what} was deleted at the cloud, outside Tally: ${NO_LONGER}${back}`, {
        tone: 'warning',
        title: 'Resource gone',
      }),
      at: now,
    });
    return true;
  });
}

/** One DM to the operators a day for the same findings (keyed by them), listing what differs. */
async function tellOperators(deps: ReconcileDeps, report: ReconcileReport, now: Date) {
  const lines = [
    ...report.unknown.map(
      (m) => md`• ${m.kind} \`${m.providerId}\` ("${m.providerName}", ${m.status}): no Tally resource`,
    ),
    ...report.gone.map(
      (r) => md`• ${r.kind} *${r.name}* of team \`${r.teamId}\`: gone at the cloud; stopped and refunded`,
    ),
  ];
  const findings = [...report.unknown.map((m) => m.providerId), ...report.gone.map((r) => r.id)].sort().join(',');
  const key = `reconcile:${Math.floor(now.getTime() / DAY)}:${findings}`.slice(0, 400);
  const message = reply(md`The cloud (${deps.compute.name}) and Tally disagree:\n${joinText(lines, '\n')}`, {
    tone: 'warning',
    title: 'Cloud reconciliation',
  });
  const teamId = report.gone[0]?.teamId ?? null;
  await deps.db.$transaction((tx) =>
    insertOutboxRows(tx, dmRows(deps.operators.identities, { key, teamId: teamId ?? '', message, at: now })),
  );
}

/**
 * Compares the cloud's machines with Tally's live resources, outside any transaction: machines no
 * resource stands for are logged and reported to the operators (never deleted: they may be someone
 * else's); resources whose machine is gone stop being metered, get their unused time back, and
 * the team is told. Launches younger than RECONCILE_AFTER_MS are left to the launch watch.
 */
export async function reconcileMachines(deps: ReconcileDeps): Promise<ReconcileReport> {
  const machines = await deps.compute.list();
  const now = deps.clock.now();
  const live = await deps.db.resource.findMany({
    where: { status: { in: ['provisioning', 'pending', 'running', 'suspended'] } },
  });
  const byId = new Set(machines.map((m) => m.providerId));
  const byName = new Set(machines.map((m) => m.providerName));
  const claimed = new Set(live.flatMap((r) => [r.providerId, providerNameOf(r)]));
  const unknown = machines.filter((m) => !claimed.has(m.providerId) && !claimed.has(m.providerName));
  const settled = now.getTime() - RECONCILE_AFTER_MS;
  const missing = live.filter(
    (r) =>
      r.status !== 'provisioning' &&
      r.providerId !== null &&
      r.startedAt.getTime() < settled &&
      !byId.has(r.providerId) &&
      !byName.has(providerNameOf(r)),
  );
  const gone: Resource[] = [];
  for (const resource of missing) if (await endGone(deps, resource, now)) gone.push(resource);
  const report = { unknown, gone };
  if (unknown.length || gone.length) {
    deps.log.warn('the cloud and Tally disagree', {
      unknownMachines: unknown.map((m) => m.providerId),
      goneResources: gone.map((r) => r.id),
    });
    await tellOperators(deps, report, now);
  }
  return report;
}
