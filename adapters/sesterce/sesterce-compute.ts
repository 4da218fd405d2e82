import type { z } from 'zod';
import { type Logger, silentLogger } from '../../src/logger.ts';
import {
  type ComputeProvider,
  type Machine,
  ProviderRefused,
  ProviderUnavailable,
  type ProvisionRequest,
  type ResourceKindName,
} from '../../src/ports/compute.ts';
import { cached } from './cached.ts';
import { type CreateCall, inferenceCreate, instanceCreate, volumeCreate } from './launch-plans.ts';
import { inferenceMachine, instanceMachine, volumeMachine } from './machines.ts';
import {
  HardwaresSchema,
  IgnoredSchema,
  InferenceInstanceSchema,
  InferenceInstancesSchema,
  InferenceRegionsSchema,
  InstanceOffersSchema,
  InstanceSchema,
  InstancesSchema,
  ModelsSchema,
  SshKeySchema,
  VolumeOffersSchema,
  VolumeSchema,
  VolumesSchema,
} from './schemas.ts';
import { type SesterceClient, SesterceUnavailable } from './sesterce-client.ts';
import { findSshKey } from './ssh-keys.ts';

export interface SesterceComputeOptions {
  log?: Logger;
  /** How long offers, models and regions are reused between launches; 3 minutes unless set. */
  offersTtlMs?: number;
  /** Creates tried again after one whose outcome was unknown and that left no machine; 2 unless set. */
  createRetries?: number;
  /** The wait before looking a lost create up by name, doubled each time; 2 s unless set. */
  createBackoffMs?: number;
  /** TALLY_PRICE_MARKUP_PERCENT: with it, an instance dearer than the team was quoted is not launched. */
  markupPercent?: number;
}

/** Each kind's collection, with its answers read as Machines. */
const KINDS: Record<ResourceKindName, { path: string; one: z.ZodType<Machine>; many: z.ZodType<Machine[]> }> = {
  instance: {
    path: '/gpu-cloud/instances',
    one: InstanceSchema.transform(instanceMachine),
    many: InstancesSchema.transform((list) => list.map(instanceMachine)),
  },
  volume: {
    path: '/gpu-cloud/volumes',
    one: VolumeSchema.transform(volumeMachine),
    many: VolumesSchema.transform((list) => list.map(volumeMachine)),
  },
  inference: {
    path: '/ai-inference/instances',
    one: InferenceInstanceSchema.transform(inferenceMachine),
    many: InferenceInstancesSchema.transform((list) => list.map(inferenceMachine)),
  },
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const RANK: Record<Machine['status'], number> = { active: 0, pending: 1, error: 2, deleted: 3 };
const notFound = (error: unknown) => error instanceof ProviderRefused && error.status === 404;

/**
 * Tally's machines on Sesterce Cloud: GPU instances, volumes and inference endpoints. A launch is
 * named `providerName` at Sesterce and found again by that name, so that neither a retry after a
 * crash nor a create whose answer was lost makes a second machine.
 */
export function sesterceCompute(client: SesterceClient, options: SesterceComputeOptions = {}): ComputeProvider {
  const { log = silentLogger, offersTtlMs = 3 * 60_000, createRetries = 2, createBackoffMs = 2000 } = options;
  const reuse = <T>(path: string, schema: z.ZodType<T>) =>
    cached(() => client.send('GET', path, schema), {
      ttlMs: offersTtlMs,
      onStale: (error) =>
        log.warn('Sesterce offers could not be refreshed; using the last ones', { path, error: `${error}` }),
    });
  const instanceOffers = reuse('/gpu-cloud/instances/offers', InstanceOffersSchema);
  const volumeOffers = reuse('/gpu-cloud/volumes/offers', VolumeOffersSchema);
  const models = reuse('/ai-inference/models', ModelsSchema);
  const hardwares = reuse('/ai-inference/hardwares', HardwaresSchema);
  const regions = reuse('/ai-inference/regions', InferenceRegionsSchema);

  async function listOf(kind: ResourceKindName): Promise<Machine[]> {
    const { path, many } = KINDS[kind];
    return client.send('GET', path, many);
  }

  async function findByName(kind: ResourceKindName, providerName: string): Promise<Machine | null> {
    const named = (await listOf(kind)).filter((m) => m.providerName === providerName && m.status !== 'deleted');
    return named.sort((a, b) => RANK[a.status] - RANK[b.status])[0] ?? null;
  }

  async function registerSshKey(key: { name: string; publicKey: string }): Promise<string> {
    const existing = await findSshKey(client, key.publicKey);
    if (existing) return existing;
    const created = await client.send('POST', '/gpu-cloud/ssh-keys', SshKeySchema, { body: key, retry: false });
    return created._id;
  }

  async function createCall(request: ProvisionRequest): Promise<CreateCall> {
    switch (request.kind) {
      case 'instance': {
        const key = request.sshKey;
        const sshKeyId = key ? (key.providerKeyId ?? (await registerSshKey(key))) : undefined;
        return instanceCreate(await instanceOffers.get(), request, sshKeyId, options.markupPercent);
      }
      case 'volume':
        return volumeCreate(await volumeOffers.get(), request);
      case 'inference': {
        const [m, h, r] = await Promise.all([models.get(), hardwares.get(), regions.get()]);
        return inferenceCreate({ models: m, hardwares: h, regions: r }, request);
      }
    }
  }

  /** One create; a refusal (sold out, say) makes the next launch read the offers afresh. */
  async function create(call: CreateCall, request: ProvisionRequest): Promise<Machine> {
    try {
      return await client.send('POST', call.path, KINDS[request.kind].one, { body: call.body, retry: false });
    } catch (error) {
      if (!(error instanceof ProviderRefused)) throw error;
      for (const offers of [instanceOffers, volumeOffers, models, hardwares, regions]) offers.forget();
      // GUESS: should Sesterce refuse a name it already has (409), the machine is ours, from before.
      const ours = error.status === 409 && (await findByName(request.kind, request.providerName));
      if (ours) return ours;
      throw error;
    }
  }

  return {
    name: 'sesterce',

    async provision(request) {
      const existing = await findByName(request.kind, request.providerName);
      if (existing) return existing;
      const call = await createCall(request);
      let failed: ProviderUnavailable | undefined;
      let mayCreate = true;
      // Create; after a failure, look for it by name (Sesterce may have made it and the answer was
      // lost) and create again only when the failure was settled: never while a create may still land.
      for (let attempt = 0; attempt <= createRetries + 1; attempt++) {
        if (failed) {
          await sleep(createBackoffMs * 2 ** (attempt - 1));
          const found = await findByName(request.kind, request.providerName).catch(() => undefined);
          if (found) return found;
          if (found === undefined) break; // could not look: the outcome stays unknown
        }
        if (!mayCreate || attempt > createRetries) continue;
        try {
          return await create(call, request);
        } catch (error) {
          if (!(error instanceof ProviderUnavailable)) throw error;
          failed = error;
          mayCreate = error instanceof SesterceUnavailable && error.settled;
          log.warn('Sesterce create failed; looking the machine up by name', {
            kind: request.kind,
            providerName: request.providerName,
            error: error.message,
            createAgain: mayCreate,
          });
        }
      }
      throw failed;
    },

    async lookup(kind, providerId) {
      const { path, one } = KINDS[kind];
      try {
        return await client.send('GET', `${path}/${encodeURIComponent(providerId)}`, one);
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },

    findByName,

    async release(kind, providerId) {
      try {
        await client.send('DELETE', `${KINDS[kind].path}/${encodeURIComponent(providerId)}`, IgnoredSchema);
      } catch (error) {
        if (!notFound(error)) throw error;
      }
    },

    async list() {
      const all = await Promise.all([listOf('instance'), listOf('volume'), listOf('inference')]);
      return all.flat().filter((m) => m.status !== 'deleted');
    },

    registerSshKey,
  };
}
