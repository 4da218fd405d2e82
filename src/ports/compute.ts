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
      return {
        providerId: `sim-${request.kind}-${randomBase32(10).toLowerCase()}`,
        ipAddress: request.kind === 'volume' ? null : `203.0.113.${randomInt(1, 255)}`,
      };
    },
    async release() {},
  };
}
