import { enqueueAlert } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DAY, MINUTE } from '../clock.ts';
import { postEntry } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';
import type { Resource } from '../generated/prisma/client.ts';
import { formatCents } from '../money.ts';
import { tellOperators } from '../operators/tell-operators.ts';
import type { Machine } from '../ports/compute.ts';
import { reply } from '../reply.ts';
import { joinText, md } from '../rich-text.ts';
import { LIVE_STATUSES } from './live-statuses.ts';
import { providerNameOf } from './provision-launch.ts';
import { unusedCents } from './stop-resource.ts';

const NO_LONGER = md`it is no longer charged.`;

const NAME_PREFIX = providerNameOf({ id: '' });

type ReconcileDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'compute' | 'operators'>;

/** Younger launches are left alone: the cloud's list may not show a machine made a moment ago. */
const RECONCILE_AFTER_MS = 5 * MINUTE;

export interface ReconcileReport {
  /** Machines at the cloud no Tally resource stands for. */
  unknown: Machine[];
  /** Machines of resources Tally had already ended, deleted now. */
  released: Machine[];
  /** Tally resources whose machine the cloud no longer has: metering stopped, unused time refunded. */
  gone: Resource[];
}

/** Ends one resource the cloud no longer has, once: stopped, refunded, logged and told to the team. */
async function endGone(deps: ReconcileDeps, resource: Resource, now: Date, broken: boolean): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const reason = broken ? 'failed at the cloud' : 'deleted outside Tally';
    const { count } = await tx.resource.updateMany({
      where: { id: resource.id, status: resource.status, paidUntil: resource.paidUntil },
      data: { status: 'stopped', liveName: null, stoppedAt: now, statusReason: reason },
    });
    if (count === 0) return false;
    const refundCents = unusedCents(resource, resource.paidUntil, now);
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
      message: reply(
        md`${what} ${broken ? 'failed at the cloud' : 'was deleted at the cloud, outside Tally'}: ${NO_LONGER}${back}`,
        {
          tone: 'warning',
          title: 'Resource gone',
        },
      ),
      at: now,
    });
    return true;
  });
}

/** One DM to the operators a day for the same findings (keyed by them), listing what differs. */
async function reportToOperators(deps: ReconcileDeps, report: ReconcileReport, now: Date) {
  const lines = [
    ...report.unknown.map(
      (m) => md`• ${m.kind} \`${m.providerId}\` ("${m.providerName}", ${m.status}): no Tally resource`,
    ),
    ...report.released.map(
      (m) => md`• ${m.kind} \`${m.providerId}\` ("${m.providerName}"): a stopped resource's, deleted`,
    ),
    ...report.gone.map(
      (r) => md`• ${r.kind} *${r.name}* of team \`${r.teamId}\`: gone at the cloud; stopped and refunded`,
    ),
  ];
  const findings = [...report.unknown, ...report.released].map((m) => m.providerId);
  const ids = [...findings, ...report.gone.map((r) => r.id)].sort().join(',');
  await tellOperators(deps, {
    key: `reconcile:${Math.floor(now.getTime() / DAY)}:${ids}`.slice(0, 400),
    teamId: null,
    message: reply(md`The cloud (${deps.compute.name}) and Tally disagree:\n${joinText(lines, '\n')}`, {
      tone: 'warning',
      title: 'Cloud reconciliation',
    }),
    at: now,
  });
}

/** Tally's own machines of resources no longer live (a stop whose delete failed, an answer that came late). */
async function leftovers(deps: ReconcileDeps, strays: Machine[]): Promise<Set<string>> {
  const ids = strays.flatMap((m) =>
    m.providerName.startsWith(NAME_PREFIX) ? [m.providerName.slice(NAME_PREFIX.length)] : [],
  );
  if (ids.length === 0) return new Set();
  const ended = await deps.db.resource.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return new Set(ended.map((r) => `${NAME_PREFIX}${r.id}`));
}

/**
 * Compares the cloud's machines with Tally's live resources, outside any transaction. Machines of
 * resources Tally already ended (a delete that failed) are deleted again; machines no resource
 * stands for are reported to the operators, never deleted (they may be someone else's). Resources
 * whose machine is gone, or in error while it runs, stop being metered, get their unused time
 * back, and the team is told. Suspended ones are skipped (Tally deleted their machine itself), and
 * launches younger than RECONCILE_AFTER_MS are left to the launch watch.
 */
export async function reconcileMachines(deps: ReconcileDeps): Promise<ReconcileReport> {
  const machines = await deps.compute.list();
  const now = deps.clock.now();
  const live = await deps.db.resource.findMany({ where: { status: { in: LIVE_STATUSES } } });
  const claimed = new Set(live.flatMap((r) => [r.providerId, providerNameOf(r)]));
  const strays = machines.filter((m) => !claimed.has(m.providerId) && !claimed.has(m.providerName));
  const ours = await leftovers(deps, strays);
  const released: Machine[] = [];
  for (const machine of strays.filter((m) => ours.has(m.providerName))) {
    try {
      await deps.compute.release(machine.kind, machine.providerId);
      released.push(machine);
    } catch (error) {
      deps.log.warn('a leftover machine could not be deleted', {
        providerId: machine.providerId,
        error: (error as Error).message,
      });
    }
  }
  const unknown = strays.filter((m) => !ours.has(m.providerName));
  const found = new Map(machines.flatMap((m) => [[m.providerId, m] as const, [m.providerName, m] as const]));
  const settled = now.getTime() - RECONCILE_AFTER_MS;
  const machineOf = (r: Resource) => (r.providerId && found.get(r.providerId)) || found.get(providerNameOf(r));
  const missing = live.filter((r) => {
    if (r.status !== 'running' && r.status !== 'pending') return false;
    if (r.providerId === null || r.startedAt.getTime() >= settled) return false;
    const machine = machineOf(r);
    return !machine || machine.status === 'deleted' || (r.status === 'running' && machine.status === 'error');
  });
  const gone: Resource[] = [];
  for (const resource of missing) {
    const broken = machineOf(resource)?.status === 'error';
    if (!(await endGone(deps, resource, now, broken))) continue;
    gone.push(resource);
    // A machine in error is deleted too: nobody should pay for it if the cloud ever bills it.
    if (broken && resource.providerId)
      await deps.compute
        .release(resource.kind, resource.providerId)
        .catch((error: Error) =>
          deps.log.warn('a failed machine could not be deleted', { resourceId: resource.id, error: error.message }),
        );
  }
  const report = { unknown, released, gone };
  if (unknown.length || released.length || gone.length) {
    deps.log.warn('the cloud and Tally disagree', {
      unknownMachines: unknown.map((m) => m.providerId),
      leftoversDeleted: released.map((m) => m.providerId),
      goneResources: gone.map((r) => r.id),
    });
    await reportToOperators(deps, report, now);
  }
  return report;
}
