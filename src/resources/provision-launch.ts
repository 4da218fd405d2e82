import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import type { SshKey } from '../generated/prisma/client.ts';
import { type Machine, ProviderKeyRejected, ProviderRefused } from '../ports/compute.ts';
import { md } from '../rich-text.ts';
import { cloudKeyRejected } from './cloud-key.ts';
import { type LaunchedResource, refundLaunch, settleLaunch } from './launch-outcomes.ts';

type ProvisionDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'compute' | 'operators'>;

const REFUNDED = md`Its first hour was refunded.`;
const CREDITS_BACK = md`or your credits back if it never starts.`;
const KEEPS_CHECKING = md`Tally keeps checking: you'll get a message when it runs, ${CREDITS_BACK}`;

/** The machine's name at the cloud: found again by it after a crash or a lost answer. */
export const providerNameOf = (resource: { id: string }) => `tally-${resource.id}`;

/** The key's id at the cloud, registered there the first time it is used (kept as "<provider>:<id>"). */
async function providerKeyOf(deps: ProvisionDeps, key: SshKey): Promise<string> {
  const prefix = `${deps.compute.name}:`;
  if (key.providerKeyId?.startsWith(prefix)) return key.providerKeyId.slice(prefix.length);
  const id = await deps.compute.registerSshKey({ name: `${key.name} (tally ${key.id})`, publicKey: key.publicKey });
  await deps.db.sshKey.update({ where: { id: key.id }, data: { providerKeyId: `${prefix}${id}` } });
  return id;
}

/**
 * Asks the cloud for a reserved resource, outside any transaction, then settles it: running or
 * pending, or refunded with the cloud's reason (a refusal). When the outcome is unknown (no
 * answer, the cloud's own failure) it stays `provisioning`: the launch watch finds the machine by
 * its name, or refunds it, and tells the launcher. Never two machines: the name makes it one.
 */
export async function provisionReserved(
  deps: ProvisionDeps,
  resource: LaunchedResource,
  sshKey: SshKey | null,
  where: { region?: string; os?: string } = {},
): Promise<LaunchedResource> {
  const what = md`${resource.kind} *${resource.name}*`;
  let machine: Machine;
  try {
    machine = await deps.compute.provision({
      teamId: resource.teamId,
      kind: resource.kind,
      spec: resource.spec,
      name: resource.name,
      providerName: providerNameOf(resource),
      quotedHourlyCents: resource.hourlyCents,
      ...where,
      ...(resource.sizeGb !== null && { sizeGb: resource.sizeGb }),
      ...(sshKey && {
        sshKey: { name: sshKey.name, publicKey: sshKey.publicKey, providerKeyId: await providerKeyOf(deps, sshKey) },
      }),
    });
  } catch (error) {
    if (error instanceof ProviderRefused) {
      await refundLaunch(deps, resource, error.message, false);
      if (error instanceof ProviderKeyRejected) throw await cloudKeyRejected(deps, error, what);
      throw new TallyError('provider_refused', md`The cloud refused to launch ${what}: ${error.message} ${REFUNDED}`);
    }
    deps.log.warn('the cloud did not answer a launch: the launch watch will find out', {
      resourceId: resource.id,
      error: (error as Error).message,
    });
    throw new TallyError('provider_unavailable', md`The cloud did not answer in time for ${what}. ${KEEPS_CHECKING}`);
  }
  const settled = await settleLaunch(deps, resource, machine, false);
  if (!settled) return lateAnswer(deps, resource, machine);
  if (settled.status === 'failed')
    throw new TallyError(
      'provider_refused',
      md`The cloud could not start ${what}: ${settled.statusReason ?? 'it reported an error.'} ${REFUNDED}`,
    );
  return settled;
}

/**
 * The cloud answered after the launch watch had settled the reservation without it (the answer
 * took longer than its grace): if the reservation was refunded, this machine is given back too.
 */
async function lateAnswer(deps: ProvisionDeps, resource: LaunchedResource, machine: Machine) {
  const now = await deps.db.resource.findUniqueOrThrow({ where: { id: resource.id }, include: WITH_KEY });
  if (now.providerId === machine.providerId || (now.status !== 'failed' && now.status !== 'stopped')) return now;
  await deps.compute.release(machine.kind, machine.providerId).catch((error: Error) =>
    deps.log.error('release of a machine that came too late failed', {
      resourceId: resource.id,
      error: error.message,
    }),
  );
  throw new TallyError(
    'provider_refused',
    md`The cloud took too long to launch ${resource.kind} *${resource.name}*, so it was given back. ${REFUNDED}`,
  );
}

/** The key a resource was launched with, to tell people which one opens it. */
export const WITH_KEY = { sshKey: { select: { name: true, fingerprint: true } } } as const;
