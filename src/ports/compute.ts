import { randomInt } from 'node:crypto';
import { randomBase32 } from '../ids.ts';

export type ResourceKindName = 'instance' | 'inference' | 'volume';

/** Where a machine is at the provider: launching, running (and billed), failed, or gone. */
export type MachineStatus = 'pending' | 'active' | 'error' | 'deleted';

export interface ProvisionRequest {
  teamId: string;
  kind: ResourceKindName;
  /** The offer: an instance offer's id ("h100x1"), a model, or a volume's size ("100 GB"). */
  spec: string;
  /** What people named it ("train-1"). */
  name: string;
  /**
   * Its name at the provider, unique to this launch ("tally-<resource id>"): after a crash or a lost
   * answer the machine is found again by it (`findByName`), so a retry never makes a second one.
   */
  providerName: string;
  sizeGb?: number;
  /** The region asked for; the provider's first available one when unset. */
  region?: string;
  /** The OS image asked for; the offer's first when unset. */
  os?: string;
  /**
   * What the team pays per hour for it, in cents: a cloud with live prices refuses to launch an
   * offer that now costs more (its price rose since the catalog was read, or the region is dearer).
   */
  quotedHourlyCents?: number;
  /** The team's SSH key to put on an instance, with the provider's id for it once registered. */
  sshKey?: { name: string; publicKey: string; providerKeyId: string | null };
}

/** A machine as the provider reports it. */
export interface Machine {
  providerId: string;
  providerName: string;
  kind: ResourceKindName;
  status: MachineStatus;
  /** Null while pending, and for volumes. */
  ipAddress: string | null;
  /** Instances: how to log in over SSH, once active. */
  ssh?: { user: string; port: number };
  /** Inference endpoints: the base URL requests go to. */
  endpointUrl?: string;
  /** Why it is in error, in the provider's words, when it says. */
  problem?: string;
}

/**
 * The provider said no to this request (a 4xx): `message` is its reason in plain words, fit to show
 * the person who asked. Trying the same request again will not help.
 */
export class ProviderRefused extends Error {
  constructor(
    message: string,
    /** The provider's HTTP status, when it gave one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderRefused';
  }
}

/** The provider rejects Tally's own credentials (an invalid or revoked API key): operators must act. */
export class ProviderKeyRejected extends ProviderRefused {
  constructor(message: string) {
    super(message, 403);
    this.name = 'ProviderKeyRejected';
  }
}

/** The provider could not be reached or failed (5xx, timeouts, after its retries): the outcome is unknown. */
export class ProviderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnavailable';
  }
}

/**
 * The cloud behind checkout. Every call is network: never inside a database transaction. Errors
 * are ProviderRefused (with the reason), ProviderKeyRejected, or ProviderUnavailable.
 */
export interface ComputeProvider {
  /** "simulated", "sesterce": for logs and the operators' reports. */
  readonly name: string;
  /** Asks for a machine; it may come back `pending`. Idempotent by `providerName`. */
  provision(request: ProvisionRequest): Promise<Machine>;
  /** The machine now, or null when the provider no longer has it. */
  lookup(kind: ResourceKindName, providerId: string): Promise<Machine | null>;
  /** The machine a launch named `providerName`, or null when there is none. */
  findByName(kind: ResourceKindName, providerName: string): Promise<Machine | null>;
  /** Deletes it; one already gone is fine. */
  release(kind: ResourceKindName, providerId: string): Promise<void>;
  /** Every machine the provider has for this Tally, for reconciliation. */
  list(): Promise<Machine[]>;
  /** Registers an SSH public key at the provider; its id there. */
  registerSshKey(key: { name: string; publicKey: string }): Promise<string>;
}

/**
 * Starts instantly (active at once), hands out addresses from the documentation range
 * 203.0.113.0/24, touches no network; remembers its machines so lookups and reconciliation work.
 */
export function simulatedCompute(): ComputeProvider {
  const machines = new Map<string, Machine>();
  const find = (kind: ResourceKindName, test: (m: Machine) => boolean) =>
    [...machines.values()].find((m) => m.kind === kind && m.status !== 'deleted' && test(m)) ?? null;
  return {
    name: 'simulated',
    async provision(request) {
      const existing = find(request.kind, (m) => m.providerName === request.providerName);
      if (existing) return existing;
      const ipAddress = request.kind === 'volume' ? null : `203.0.113.${randomInt(1, 255)}`;
      const machine: Machine = {
        providerId: `sim-${request.kind}-${randomBase32(10).toLowerCase()}`,
        providerName: request.providerName,
        kind: request.kind,
        status: 'active',
        ipAddress,
        ...(request.kind === 'instance' && { ssh: { user: 'ubuntu', port: 22 } }),
        // An OpenAI-style API, as GPU clouds serve models.
        ...(request.kind === 'inference' && { endpointUrl: `http://${ipAddress}:8000/v1` }),
      };
      machines.set(machine.providerId, machine);
      return machine;
    },
    async lookup(kind, providerId) {
      return find(kind, (m) => m.providerId === providerId);
    },
    async findByName(kind, providerName) {
      return find(kind, (m) => m.providerName === providerName);
    },
    async release(_kind, providerId) {
      const machine = machines.get(providerId);
      if (machine) machine.status = 'deleted';
    },
    async list() {
      return [...machines.values()].filter((m) => m.status !== 'deleted');
    },
    async registerSshKey() {
      return `sim-key-${randomBase32(10).toLowerCase()}`;
    },
  };
}
