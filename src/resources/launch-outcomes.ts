import { queueUserDms } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { HOUR } from '../clock.ts';
import { postEntry } from '../credits/ledger.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import type { Resource } from '../generated/prisma/client.ts';
import { formatCents } from '../money.ts';
import type { Machine } from '../ports/compute.ts';
import { failure, type Reply, success } from '../reply.ts';
import { md } from '../rich-text.ts';
import { connectionFields } from './connection.ts';

type OutcomeDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'compute'>;

/** A launched resource with the key it was launched with (to tell which one opens it). */
export type LaunchedResource = Resource & { sshKey: { name: string; fingerprint: string } | null };

/** Up: active, with an address to reach it (a volume needs none). */
export function isUp(machine: Machine): boolean {
  if (machine.status !== 'active') return false;
  return machine.kind === 'volume' || machine.ipAddress !== null || machine.endpointUrl !== undefined;
}

const machineColumns = (machine: Machine) => ({
  providerId: machine.providerId,
  ipAddress: machine.ipAddress,
  sshUser: machine.ssh?.user ?? null,
  sshPort: machine.ssh?.port ?? null,
  endpointUrl: machine.endpointUrl ?? null,
});

/** The launcher's DMs, queued in the transaction that changed the resource: told exactly once. */
const tellLauncher = (tx: Tx, resource: Resource, key: string, message: Reply, at: Date) =>
  queueUserDms(tx, resource.launchedById, { key, teamId: resource.teamId, message, at });

function readyMessage(resource: LaunchedResource, teamName: string): Reply {
  return success(md`${resource.kind} *${resource.name}* in *${teamName}* is running.`, {
    title: 'Ready',
    fields: connectionFields(resource),
  });
}

function failedMessage(resource: Resource, teamName: string, why: string): Reply {
  const back = md`The *${formatCents(resource.hourlyCents)}* credits charged for its first hour are back.`;
  return failure(md`${resource.kind} *${resource.name}* in *${teamName}* could not be started: ${why} ${back}`, {
    title: 'Launch failed',
  });
}

/**
 * A launch that will not run (the cloud refused it, reported an error, or has no such machine):
 * marked failed, its name freed and its first hour refunded, once (conditional on its status, the
 * refund keyed by the resource), with an audit line and, when `tell`, a DM to the launcher.
 */
export async function refundLaunch(deps: OutcomeDeps, resource: LaunchedResource, why: string, tell: boolean) {
  const at = deps.clock.now();
  const refunded = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.resource.updateMany({
      where: { id: resource.id, status: { in: ['provisioning', 'pending'] } },
      data: { status: 'failed', liveName: null, stoppedAt: at, statusReason: why.slice(0, 500) },
    });
    if (count === 0) return false;
    await postEntry(tx, {
      teamId: resource.teamId,
      kind: 'refund',
      amountCents: resource.hourlyCents,
      idempotencyKey: `refund:launch:${resource.id}`,
      reason: `${resource.kind} ${resource.name} could not be started`,
      resourceId: resource.id,
      at,
    });
    await recordAudit(tx, {
      teamId: resource.teamId,
      actorId: null,
      action: 'resource.failed',
      target: resource.name,
      details: { kind: resource.kind, refundCents: resource.hourlyCents, why },
      at,
    });
    if (tell) {
      const team = await tx.team.findUniqueOrThrow({ where: { id: resource.teamId } });
      await tellLauncher(tx, resource, `launch-failed:${resource.id}`, failedMessage(resource, team.name, why), at);
    }
    return true;
  });
  // A machine the cloud made but that will not be used is given back, so nobody pays for it.
  const providerId = resource.providerId;
  if (refunded && providerId)
    await deps.compute
      .release(resource.kind, providerId)
      .catch((error: Error) =>
        deps.log.error('provider release of a failed launch failed', { resourceId: resource.id, error: error.message }),
      );
  return refunded;
}

/**
 * What the cloud reports of a launched resource, applied once, from the status it was read in:
 * up → running, its paid hour starting now (the cloud bills active machines only); still starting
 * → pending with its id; in error, deleted or unknown (null) → refunded. With `tell`, the launcher
 * gets a DM (the jobs that watch launches; a launch answered at once says it in its reply).
 * Returns the resource as it is now, or null when another process settled it first.
 */
export async function settleLaunch(
  deps: OutcomeDeps,
  resource: LaunchedResource,
  machine: Machine | null,
  tell: boolean,
): Promise<LaunchedResource | null> {
  if (!machine || machine.status === 'error' || machine.status === 'deleted') {
    const why =
      machine?.problem ?? (machine ? `the cloud reports it ${machine.status}.` : 'the cloud has no such machine.');
    return (await refundLaunch(
      deps,
      { ...resource, providerId: machine?.providerId ?? resource.providerId },
      why,
      tell,
    ))
      ? { ...resource, status: 'failed', liveName: null, statusReason: why }
      : null;
  }
  const at = deps.clock.now();
  const up = isUp(machine);
  if (!up && resource.status === 'pending') return resource; // still starting: nothing new
  const data = {
    ...machineColumns(machine),
    status: up ? ('running' as const) : ('pending' as const),
    ...(up && { paidUntil: new Date(at.getTime() + HOUR) }),
  };
  const where = { id: resource.id, status: resource.status };
  const updated = { ...resource, ...data };
  // Answered at once, it is one statement; told by DM, the message is queued with the change.
  if (!(up && tell)) return (await deps.db.resource.updateMany({ where, data })).count ? updated : null;
  return deps.db.$transaction(async (tx) => {
    if ((await tx.resource.updateMany({ where, data })).count === 0) return null;
    const team = await tx.team.findUniqueOrThrow({ where: { id: resource.teamId } });
    await tellLauncher(tx, resource, `launch-ready:${resource.id}`, readyMessage(updated, team.name), at);
    return updated;
  });
}
