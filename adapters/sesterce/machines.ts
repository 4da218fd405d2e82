import type { Machine, MachineStatus } from '../../src/ports/compute.ts';
import type { InferenceInstance, Instance, Volume } from './schemas.ts';

/**
 * GPU instance status [CLI type: pending, active, error, deleted]; `deleting` [3P] is on its way
 * out. A word nobody documented is taken as still launching, so nothing is billed or released on it.
 */
const INSTANCE_STATUS: Record<string, MachineStatus> = {
  pending: 'pending',
  active: 'active',
  error: 'error',
  deleted: 'deleted',
  deleting: 'deleted',
};

/**
 * Inference status [CLI type], compared in lower case. PartiallyDeployed is still deploying, not
 * debited [DOCS]. GUESS: DISABLED (stopped) is an error for Tally, which never stops an endpoint and
 * should not bill one that serves nothing.
 */
const INFERENCE_STATUS: Record<string, MachineStatus> = {
  new: 'pending',
  pending: 'pending',
  deploying: 'pending',
  partiallydeployed: 'pending',
  active: 'active',
  disabled: 'error',
  error: 'error',
  failed: 'error',
  deleting: 'deleted',
  deleted: 'deleted',
};

/**
 * A GPU instance. SSH: `ssh -p <sshPort> <sshUser>@<ip>` [INFERRED]; GUESS: an empty user is
 * "ubuntu" (the images are Ubuntu's; 3P clients default to "root"), a null port 22. Given only
 * once there is an address to log in to.
 */
export function instanceMachine(instance: Instance): Machine {
  const status = INSTANCE_STATUS[instance.status.toLowerCase()] ?? 'pending';
  const ip = instance.ip || null;
  return {
    providerId: instance._id,
    providerName: instance.name,
    kind: 'instance',
    status,
    ipAddress: ip,
    ...(ip && status === 'active' && { ssh: { user: instance.sshUser || 'ubuntu', port: instance.sshPort ?? 22 } }),
    ...(status === 'error' && { problem: 'Sesterce reports the instance in error.' }),
  };
}

/** A volume: no status in the API (§2.3), so one that is listed exists and is usable. */
export function volumeMachine(volume: Volume): Machine {
  return { providerId: volume._id, providerName: volume.name, kind: 'volume', status: 'active', ipAddress: null };
}

/** An inference endpoint: `address` is its URL [CLI]; a container's `errorMessage` says what went wrong. */
export function inferenceMachine(endpoint: InferenceInstance): Machine {
  const status = INFERENCE_STATUS[endpoint.status.toLowerCase()] ?? 'pending';
  const said = endpoint.containers?.map((c) => c.errorMessage).find((m) => m);
  const problem =
    said ?? (endpoint.status.toLowerCase() === 'disabled' ? 'The endpoint was stopped at Sesterce.' : undefined);
  return {
    providerId: endpoint._id,
    providerName: endpoint.name,
    kind: 'inference',
    status,
    ipAddress: null,
    ...(endpoint.address && { endpointUrl: endpoint.address }),
    ...(status === 'error' && { problem: problem ?? 'Sesterce reports the endpoint in error.' }),
  };
}
