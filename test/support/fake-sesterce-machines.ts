import {
  CLOUD_B,
  defaultHardwares,
  defaultInferenceRegions,
  defaultInstanceOffers,
  defaultModels,
  defaultVolumeOffers,
  type FakeInstanceOffer,
} from './fake-sesterce-data.ts';

/** An error the fake answers, in the API's shape: `{ statusCode, timestamp, path, message }`. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly said: string | string[],
  ) {
    super(Array.isArray(said) ? said.join('; ') : said);
  }
}

type Json = Record<string, unknown>;
const now = () => new Date().toISOString();
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

/**
 * The fake cloud's state: offers, machines and keys, and the rules of the API (§2 of SESTERCE-API.md)
 * as far as the notes tell them. The HTTP side is fake-sesterce.ts.
 */
export class FakeSesterceState {
  instanceOffers: FakeInstanceOffer[] = defaultInstanceOffers();
  volumeOffers: unknown[] = defaultVolumeOffers();
  models = defaultModels();
  hardwares = defaultHardwares();
  inferenceRegions = defaultInferenceRegions();
  readonly instances = new Map<string, Json>();
  readonly volumes = new Map<string, Json>();
  readonly inference = new Map<string, Json>();
  readonly sshKeys = new Map<string, Json>();
  /** GET-by-id lookups of each pending machine, for `activateAfter`. */
  private readonly lookups = new Map<string, number>();
  /** A pending instance or endpoint turns active on its Nth lookup; unset: only `activate` does it. */
  activateAfter: number | undefined;
  private counter = 0;

  /** Mongo-like ids, 24 hex digits, the fake's marked by "fa4e". */
  nextId(): string {
    this.counter++;
    return `fa4e${String(this.counter).padStart(20, '0')}`;
  }

  createInstance(body: Json): Json {
    const name = text(body.name);
    const offer = this.instanceOffers.find(
      (o) => o.instanceId === body.instanceId && o.cloud._id === body.cloudProvider,
    );
    const problems = [
      !name && 'name must be a non-empty string',
      !offer && 'instanceId must be an offer of that cloudProvider',
    ].filter((p): p is string => !!p);
    if (problems.length || !offer) throw new FakeApiError(400, problems);
    const where = offer.availability.find((a) => a.region === body.region);
    if (!where?.available) throw new FakeApiError(400, `Offer ${offer.instanceId} is not available in ${body.region}`);
    const os = (body.vm as Json | undefined)?.os;
    if (typeof os !== 'string' || !offer.configuration.os.includes(os))
      throw new FakeApiError(400, ['vm.os must be one of the offer os images']);
    const key = body.sshKeyId === undefined ? undefined : this.sshKeys.get(String(body.sshKeyId));
    if (body.sshKeyId !== undefined && !key) throw new FakeApiError(404, 'SSH key not found');
    const { configuration: c } = offer;
    const instance: Json = {
      _id: this.nextId(),
      name,
      provider: offer.cloud.name,
      region: { name: where.region, countryCode: where.countryCode },
      status: 'pending',
      gpuCount: offer.gpuCount,
      gpuModel: offer.gpuName,
      ram: c.ramGB,
      storage: c.storageGB,
      vramPerGpu: c.vRamGB / Math.max(1, offer.gpuCount),
      vcpus: c.vCpu,
      interconnect: c.interconnect,
      nvlink: offer.nvlink,
      os,
      ip: null,
      sshUser: 'ubuntu',
      sshPort: null,
      dockerImage: null,
      dockerCommand: null,
      hourlyPrice: offer.hourlyPrice,
      volumes: [],
      createdAt: now(),
      updatedAt: now(),
      deletedAt: null,
      ...(key && { sshKey: key }),
    };
    this.instances.set(instance._id as string, instance);
    return instance;
  }

  createVolume(body: Json): Json {
    const name = text(body.name);
    const region = text(body.region);
    if (!name || !region || typeof body.sizeInGb !== 'number' || !text(body.cloudProvider))
      throw new FakeApiError(400, ['cloudProvider, region, name and sizeInGb are required']);
    const volume: Json = {
      _id: this.nextId(),
      user: 'fa4e00000000000000000000',
      name,
      sizeInGb: body.sizeInGb,
      cloudProvider: { _id: body.cloudProvider, displayName: body.cloudProvider === CLOUD_B ? 'AZ_02' : 'AZ_01' },
      region,
      createdAt: now(),
      updatedAt: now(),
    };
    this.volumes.set(volume._id as string, volume);
    return volume;
  }

  createInference(body: Json): Json {
    const name = text(body.name);
    const model = this.models.find((m) => m.id === body.modelId);
    if (!name || !model) throw new FakeApiError(400, ['name is required', 'modelId must be a catalogue model']);
    const endpoint: Json = {
      _id: this.nextId(),
      name,
      status: 'PENDING',
      hourlyPrice: 1.1,
      features: model.features,
      address: '',
      createdAt: now(),
      updatedAt: now(),
      containerPort: body.containerPort,
      hardwareName: body.hardwareName,
      containers: [],
    };
    this.inference.set(endpoint._id as string, endpoint);
    return endpoint;
  }

  createSshKey(body: Json): Json {
    const name = text(body.name);
    const publicKey = text(body.publicKey);
    if (!name || !publicKey) throw new FakeApiError(400, ['name should not be empty', 'publicKey should not be empty']);
    const key: Json = { _id: this.nextId(), name, publicKey, isDefault: false, createdAt: now(), updatedAt: now() };
    this.sshKeys.set(key._id as string, key);
    return key;
  }

  /** A GET by id: counts towards `activateAfter`. */
  lookup(id: string): Json | undefined {
    const machine = this.instances.get(id) ?? this.inference.get(id);
    if (machine && this.activateAfter !== undefined && /^pending$/i.test(String(machine.status))) {
      const seen = (this.lookups.get(id) ?? 0) + 1;
      this.lookups.set(id, seen);
      if (seen >= this.activateAfter) this.activate(id);
    }
    return machine ?? this.volumes.get(id);
  }

  /** Running: an instance gets an address (documentation range 198.51.100.0/24), an endpoint its URL. */
  activate(id: string) {
    const instance = this.instances.get(id);
    if (instance)
      Object.assign(instance, { status: 'active', ip: `198.51.100.${this.instances.size}`, updatedAt: now() });
    const endpoint = this.inference.get(id);
    if (endpoint) Object.assign(endpoint, { status: 'ACTIVE', address: `https://${id}-f4ke.ai.sesterce.dev/` });
    if (!instance && !endpoint) throw new Error(`no pending machine ${id} to activate`);
  }

  /** In error; an endpoint tells why in its containers, an instance only by its status [CLI types]. */
  fail(id: string, message: string) {
    const instance = this.instances.get(id);
    if (instance) Object.assign(instance, { status: 'error', updatedAt: now() });
    const endpoint = this.inference.get(id);
    if (endpoint)
      Object.assign(endpoint, {
        status: 'ERROR',
        containers: [
          { regionId: 1, scale: { min: 1, max: 1 }, deployStatus: { total: 1, ready: 0 }, errorMessage: message },
        ],
      });
    if (!instance && !endpoint) throw new Error(`no machine ${id} to fail`);
  }

  /** Deleted instances stay listed with status "deleted" (the CLI type has it); the others are gone. */
  delete(collection: 'instances' | 'volumes' | 'inference', id: string): boolean {
    if (collection === 'instances') {
      const instance = this.instances.get(id);
      if (!instance || instance.status === 'deleted') return false;
      Object.assign(instance, { status: 'deleted', ip: null, deletedAt: now() });
      return true;
    }
    return this[collection].delete(id);
  }
}
