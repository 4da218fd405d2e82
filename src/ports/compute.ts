import { randomInt } from 'node:crypto';
import { randomBase32 } from '../ids.ts';

export interface ProvisionRequest {
  teamId: string;
  kind: 'instance' | 'inference' | 'volume';
  spec: string;
  name: string;
  sizeGb?: number;
  sshPublicKey?: string;
}

export interface Provisioned {
  providerId: string;
  /** Volumes have none. */
  ipAddress: string | null;
  /** Instances: how to log in over SSH. */
  ssh?: { user: string; port: number };
  /** Inference endpoints: the base URL requests go to. */
  endpointUrl?: string;
}

/** The cloud behind checkout. A real provider implements the same two calls. */
export interface ComputeProvider {
  provision(request: ProvisionRequest): Promise<Provisioned>;
  release(providerId: string): Promise<void>;
}

/** Starts instantly, hands out addresses from the documentation range 203.0.113.0/24, touches no network. */
export function simulatedCompute(): ComputeProvider {
  return {
    async provision(request) {
      const ipAddress = request.kind === 'volume' ? null : `203.0.113.${randomInt(1, 255)}`;
      return {
        providerId: `sim-${request.kind}-${randomBase32(10).toLowerCase()}`,
        ipAddress,
        ...(request.kind === 'instance' && { ssh: { user: 'ubuntu', port: 22 } }),
        // An OpenAI-style API, as GPU clouds serve models.
        ...(request.kind === 'inference' && { endpointUrl: `http://${ipAddress}:8000/v1` }),
      };
    },
    async release() {},
  };
}
