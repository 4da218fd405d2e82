import { recordAudit } from '../audit/record-audit.ts';
import { HOUR, MINUTE } from '../clock.ts';
import { InsufficientCredits, postEntry } from '../credits/ledger.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { LIVE_STATUSES } from './live-statuses.ts';
import { meterKey, meterReason } from './meter-keys.ts';
import { WITH_KEY } from './provision-launch.ts';

export async function findLiveResource(deps: Deps, teamId: string, name: string) {
  const resource = await deps.db.resource.findUnique({
    where: { teamId_liveName: { teamId, liveName: name.toLowerCase() } },
  });
  if (!resource)
    throw new TallyError('resource_not_found', md`There is no running resource called "${name}". See \`/resources\`.`);
  return resource;
}

/** Whole unused minutes of the prepaid hour come back as a refund; partial minutes are kept. */
export function refundFor(hourlyCents: number, paidUntil: Date, now: Date): number {
  const unusedMinutes = Math.floor((paidUntil.getTime() - now.getTime()) / MINUTE);
  return unusedMinutes > 0 ? Math.floor((hourlyCents * unusedMinutes) / 60) : 0;
}

/**
 * What comes back of a resource ended now: the unused whole minutes of a running one's paid hour;
 * all of a first hour never used (a machine that never came up); nothing for a suspended one.
 */
export function unusedCents(resource: { status: string; hourlyCents: number }, paidUntil: Date, now: Date): number {
  if (resource.status === 'pending') return resource.hourlyCents;
  return resource.status === 'running' ? refundFor(resource.hourlyCents, paidUntil, now) : 0;
}

export async function stopResource(deps: Deps, actorId: string, ctx: TeamContext<'resources.manage'>, name: string) {
  const resource = await findLiveResource(deps, ctx.team.id, name);
  // The cloud is being asked for it right now: stopping it must wait for the answer.
  if (resource.status === 'provisioning')
    throw new TallyError(
      'resource_changed',
      md`*${resource.name}* is still being launched. Stop it once it is up: you'll get a message, within minutes.`,
    );
  const result = await deps.db.$transaction(async (tx) => {
    const at = deps.clock.now();
    // Conditional on the row as read: of two simultaneous stops one wins; if metering charged a new
    // hour meanwhile (paidUntil moved) the refund must see it, so the stop is asked again.
    const { count } = await tx.resource.updateMany({
      where: { id: resource.id, status: resource.status, paidUntil: resource.paidUntil },
      data: { status: 'stopped', liveName: null, stoppedAt: at, statusReason: 'stopped by a member' },
    });
    if (count === 0) {
      const now = await tx.resource.findUniqueOrThrow({ where: { id: resource.id } });
      throw new TallyError(
        'resource_changed',
        now.status === 'stopped'
          ? `${resource.name} is already stopped.`
          : `${resource.name} changed while stopping (a new hour was just charged). Please run the stop again.`,
      );
    }
    // Hours that began before the stop but were not metered yet (the scheduler was down) are
    // charged now, with metering's keys; what the team cannot pay is not charged, as on suspension.
    let paidUntil = resource.paidUntil;
    while (resource.status === 'running' && paidUntil < at) {
      try {
        await postEntry(tx, {
          teamId: ctx.team.id,
          kind: 'charge',
          amountCents: -resource.hourlyCents,
          idempotencyKey: meterKey(resource.id, paidUntil),
          reason: meterReason(resource, paidUntil),
          resourceId: resource.id,
          at,
        });
      } catch (error) {
        if (error instanceof InsufficientCredits) break;
        throw error;
      }
      paidUntil = new Date(paidUntil.getTime() + HOUR);
    }
    if (paidUntil !== resource.paidUntil) await tx.resource.update({ where: { id: resource.id }, data: { paidUntil } });
    const refundCents = unusedCents(resource, paidUntil, at);
    if (refundCents > 0) {
      await postEntry(tx, {
        teamId: ctx.team.id,
        kind: 'refund',
        amountCents: refundCents,
        idempotencyKey: `refund:${resource.id}`,
        reason: `unused time of ${resource.name}`,
        actorId,
        resourceId: resource.id,
        at,
      });
    }
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'resource.stop',
      target: resource.name,
      details: { refundCents },
      at,
    });
    return { resource, refundCents };
  });
  try {
    if (resource.providerId) await deps.compute.release(resource.kind, resource.providerId);
  } catch (error) {
    // Billing has stopped either way; the provider's cleanup can be retried by an operator.
    deps.log.error('provider release failed', { resourceId: resource.id, error: (error as Error).message });
  }
  return result;
}

export async function listLiveResources(deps: Deps, ctx: TeamContext<'resources.view'>) {
  const resources = await deps.db.resource.findMany({
    where: { teamId: ctx.team.id, status: { in: LIVE_STATUSES } },
    orderBy: { startedAt: 'asc' },
    include: WITH_KEY,
  });
  const people = await deps.db.user.findMany({
    where: { id: { in: [...new Set(resources.map((r) => r.launchedById))] } },
  });
  const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
  return resources.map((resource) => ({
    ...resource,
    launchedBy: nameOf.get(resource.launchedById) ?? 'someone who left',
  }));
}
