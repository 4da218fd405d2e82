import { z } from 'zod';

// Sesterce's answers as /work/shared/SESTERCE-API.md describes them, its confidence label by each.
// Loose objects: fields Tally does not read may come and go. Lenient where the notes are unsure.

/** §1 error shape [DOCS, CLI]: `message` is a string; NestJS-style validation errors send a list. */
export const ApiErrorSchema = z.looseObject({
  statusCode: z.number().optional(),
  message: z.union([z.string(), z.array(z.string())]),
});

/** A number the API may send as text ("0.0001") [DOCS vs CLI, §2.3]. */
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);

/** §2.1 InstanceOffer [DOCS example + CLI usage]. */
export const InstanceOfferSchema = z.looseObject({
  instanceId: z.string(),
  gpuName: z.string(),
  gpuCount: z.number(),
  // [DOCS] enum vm | container | baremetal; a new kind should not break the catalog.
  deploymentType: z.string().optional(),
  cloud: z.looseObject({ _id: z.string(), name: z.string().optional() }),
  configuration: z.looseObject({
    ramGB: z.number().optional(),
    vCpu: z.number().optional(),
    /** The whole offer's VRAM, not per GPU [CLI sorts on it, 3P divide by gpuCount]. */
    vRamGB: z.number().optional(),
    os: z.array(z.string()).default([]),
  }),
  /** USD per hour for the whole instance; may carry float noise [CLI, 3P]. */
  hourlyPrice: z.number(),
  availability: z
    .array(z.looseObject({ region: z.string(), name: z.string().optional(), available: z.boolean() }))
    .default([]),
});
export type InstanceOffer = z.infer<typeof InstanceOfferSchema>;
export const InstanceOffersSchema = z.array(InstanceOfferSchema);

/** §2.2 GpuCloudInstance [CLI type]; `deleting` is [3P]; other words are tolerated and mapped. */
export const InstanceSchema = z.looseObject({
  _id: z.string(),
  name: z.string(),
  status: z.string(),
  ip: z.string().nullish(),
  sshUser: z.string().nullish(),
  sshPort: z.number().nullish(),
});
export type Instance = z.infer<typeof InstanceSchema>;
// The CLI treats a null list as empty (§2.4); the same leniency for every list.
export const InstancesSchema = z
  .array(InstanceSchema)
  .nullable()
  .transform((list) => list ?? []);

/**
 * §2.3 volume offer: the docs' shape `{ cloudProvider: {_id}, minSizeInGb, pricePerGbPerHour: "0.0001",
 * regions: string[] }` and the CLI's `{ provider, regions: [{ name, minSizeInGb, pricePerGbPerHour }] }`
 * conflict [DOCS vs CLI]: both are read, into one shape.
 */
const VolumeOfferRegionSchema = z.union([
  z.string(),
  z.looseObject({ name: z.string(), minSizeInGb: numeric.optional(), pricePerGbPerHour: numeric.optional() }),
]);
export const VolumeOfferSchema = z
  .looseObject({
    cloudProvider: z.looseObject({ _id: z.string() }).optional(),
    provider: z.union([z.string(), z.looseObject({ _id: z.string() })]).optional(),
    minSizeInGb: numeric.optional(),
    pricePerGbPerHour: numeric.optional(),
    regions: z.array(VolumeOfferRegionSchema).default([]),
  })
  .transform((offer, ctx) => {
    const cloudId =
      offer.cloudProvider?._id ?? (typeof offer.provider === 'string' ? offer.provider : offer.provider?._id);
    if (!cloudId) {
      ctx.addIssue({ code: 'custom', message: 'a volume offer without its cloud provider' });
      return z.NEVER;
    }
    const regions = offer.regions.map((r) => {
      const region = typeof r === 'string' ? { name: r, minSizeInGb: undefined, pricePerGbPerHour: undefined } : r;
      return {
        name: region.name,
        minGb: region.minSizeInGb ?? offer.minSizeInGb ?? 1,
        pricePerGbHour: region.pricePerGbPerHour ?? offer.pricePerGbPerHour,
      };
    });
    return { cloudId, regions };
  });
export type VolumeOffer = z.infer<typeof VolumeOfferSchema>;
export const VolumeOffersSchema = z.array(VolumeOfferSchema);

/** §2.3 Volume [DOCS]; no status field: a volume that exists is usable. `region` a name [DOCS]. */
export const VolumeSchema = z.looseObject({
  _id: z.string(),
  name: z.string(),
  sizeInGb: z.number().optional(),
  region: z.union([z.string(), z.looseObject({ name: z.string() })]).optional(),
});
export type Volume = z.infer<typeof VolumeSchema>;
export const VolumesSchema = z
  .array(VolumeSchema)
  .nullable()
  .transform((list) => list ?? []);

/** §2.4 SSHKey [DOCS SSHKeyDto, CLI]: Tally needs its id. */
export const SshKeySchema = z.looseObject({
  _id: z.string(),
  name: z.string().optional(),
  publicKey: z.string().optional(),
});
export const SshKeysSchema = z
  .array(SshKeySchema)
  .nullable()
  .transform((list) => list ?? []);

/** §2.5 Model [DOCS]. */
export const ModelSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  port: z.number().optional(),
  defaultHardwareId: z.string().optional(),
  features: z.array(z.string()).default([]),
});
export type Model = z.infer<typeof ModelSchema>;
export const ModelsSchema = z.array(ModelSchema);

/** §2.5 Hardware [DOCS]: no price in the example. */
export const HardwareSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  gpu: z.looseObject({ model: z.string(), count: z.number(), memory: z.number().optional() }).optional(),
});
export type Hardware = z.infer<typeof HardwareSchema>;
export const HardwaresSchema = z.array(HardwareSchema);

/** §2.5 Region [DOCS]: numeric ids, capacity per hardware. */
export const InferenceRegionSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  state: z.string().optional(),
  capacities: z.array(z.looseObject({ hardwareId: z.string(), capacity: z.number() })).default([]),
});
export type InferenceRegion = z.infer<typeof InferenceRegionSchema>;
export const InferenceRegionsSchema = z.array(InferenceRegionSchema);

/**
 * §2.5 InferenceInstance [CLI]; details add `containers[].errorMessage` [CLI]. Status words are
 * upper case in the CLI type, mixed case in the docs ("PartiallyDeployed"): compared without case.
 */
export const InferenceInstanceSchema = z.looseObject({
  _id: z.string(),
  name: z.string(),
  status: z.string(),
  address: z.string().nullish(),
  containers: z.array(z.looseObject({ errorMessage: z.string().nullish() })).optional(),
});
export type InferenceInstance = z.infer<typeof InferenceInstanceSchema>;
export const InferenceInstancesSchema = z
  .array(InferenceInstanceSchema)
  .nullable()
  .transform((list) => list ?? []);

/** Answers Tally does not read (204 no content, deletes). */
export const IgnoredSchema = z.unknown();
