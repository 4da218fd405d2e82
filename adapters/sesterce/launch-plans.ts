import { formatCents } from '../../src/money.ts';
import { ProviderRefused, type ProvisionRequest } from '../../src/ports/compute.ts';
import { availableRegions, findModel, pickInstanceOffer, pickVolumePlace, priceCents } from './offers.ts';
import type { Hardware, InferenceRegion, InstanceOffer, Model, VolumeOffer } from './schemas.ts';

/** The create request a launch sends: its path and JSON body. */
export interface CreateCall {
  path: string;
  body: Record<string, unknown>;
}

/**
 * §2.2 CreateInstance [CLI, exact field names]: the cheapest offer of that SKU available in the
 * region asked for (else the offer's first), the OS image asked for (else the offer's first).
 */
export function instanceCreate(
  offers: InstanceOffer[],
  request: ProvisionRequest,
  sshKeyId?: string,
  markupPercent?: number,
): CreateCall {
  const offer = pickInstanceOffer(offers, request.spec, request.region);
  if (!offer) {
    const elsewhere = pickInstanceOffer(offers, request.spec);
    throw new ProviderRefused(
      elsewhere
        ? `${request.spec} is not available in ${request.region} now; try ${availableRegions(elsewhere).join(', ')}.`
        : `${request.spec} is not available at Sesterce now; see the catalog for what is.`,
    );
  }
  checkQuote(offer, request, markupPercent);
  const os = request.os ?? offer.configuration.os[0];
  if (!os || !offer.configuration.os.includes(os))
    throw new ProviderRefused(
      `${request.spec} does not take the OS image ${os ?? '(none listed)'}; ` +
        `it takes ${offer.configuration.os.join(', ') || 'none Tally knows'}.`,
    );
  return {
    path: '/gpu-cloud/instances',
    body: {
      name: request.providerName,
      cloudProvider: offer.cloud._id,
      instanceId: offer.instanceId,
      region: request.region ?? availableRegions(offer)[0],
      vm: { os },
      ...(sshKeyId && { sshKeyId }),
      dockerContainer: null,
    },
  };
}

/**
 * Never launched for less than it costs: the offer's price now, with the markup, must be within
 * what the team was charged (a price risen since the catalog was read, a region served by a dearer
 * cloud). Refused with the price, so the person can decide; nothing is launched.
 */
function checkQuote(offer: InstanceOffer, request: ProvisionRequest, markupPercent: number | undefined) {
  if (markupPercent === undefined || request.quotedHourlyCents === undefined) return;
  const now = priceCents(offer.hourlyPrice, markupPercent);
  if (now <= request.quotedHourlyCents) return;
  const where = request.region ? ` in ${request.region}` : '';
  throw new ProviderRefused(
    `${request.spec}${where} costs ${formatCents(now)} per hour now, more than the ` +
      `${formatCents(request.quotedHourlyCents)} it was priced at; see /launch catalog for today's prices.`,
  );
}

/** The size asked for: `sizeGb`, else read from the spec ("100 GB"). */
function sizeOf(request: ProvisionRequest): number {
  const size = request.sizeGb ?? Number(/^\s*(\d+)\s*(gb)?\s*$/i.exec(request.spec)?.[1]);
  if (!Number.isInteger(size) || size < 1) throw new ProviderRefused(`"${request.spec}" is not a volume size in GB.`);
  return size;
}

/** §2.3 create body [DOCS]: all four fields required. */
export function volumeCreate(offers: VolumeOffer[], request: ProvisionRequest): CreateCall {
  const sizeGb = sizeOf(request);
  const place = pickVolumePlace(offers, sizeGb, request.region);
  if (!place)
    throw new ProviderRefused(
      request.region
        ? `Sesterce has no volume of ${sizeGb} GB in ${request.region}.`
        : `Sesterce has no volume of ${sizeGb} GB now.`,
    );
  return {
    path: '/gpu-cloud/volumes',
    body: { cloudProvider: place.cloudId, region: place.region, name: request.providerName, sizeInGb: sizeGb },
  };
}

export interface InferenceChoices {
  models: Model[];
  hardwares: Hardware[];
  regions: InferenceRegion[];
}

/** The region asked for (by name or id), else the first active one with room for the hardware. */
function inferenceRegion(regions: InferenceRegion[], hardwareId: string | undefined, asked?: string) {
  if (asked) {
    const region = regions.find((r) => r.name.toLowerCase() === asked.toLowerCase() || String(r.id) === asked);
    if (!region) throw new ProviderRefused(`Sesterce serves no inference in ${asked}.`);
    return region;
  }
  const roomy = (r: InferenceRegion) =>
    (r.state ?? 'ACTIVE').toUpperCase() === 'ACTIVE' &&
    (!hardwareId || r.capacities.some((c) => c.hardwareId === hardwareId && c.capacity > 0));
  const region = regions.find(roomy);
  if (!region) throw new ProviderRefused('Sesterce has no room for this model now; try again later.');
  return region;
}

/**
 * §2.5 create body, UNCERTAIN [CLI, partially read]: `modelId`, `name`, `containerPort` (the
 * model's port) and one `autoScalingConfigurations` entry are from the CLI. GUESSES: `hardwareName`
 * as a top-level field (the DTO has it; where it goes was not seen); exactly one container
 * (min = max = 1: Tally bills one endpoint by the hour, autoscaling would change its cost); a
 * 300 cooldown and a CPU trigger, which one container makes moot.
 */
export function inferenceCreate(choices: InferenceChoices, request: ProvisionRequest): CreateCall {
  const model = findModel(choices.models, request.spec);
  if (!model) throw new ProviderRefused(`Sesterce does not serve the model ${request.spec} now.`);
  const hardware = choices.hardwares.find((h) => h.id === model.defaultHardwareId);
  const region = inferenceRegion(choices.regions, model.defaultHardwareId, request.region);
  return {
    path: '/ai-inference/instances',
    body: {
      name: request.providerName,
      modelId: model.id,
      ...(model.port !== undefined && { containerPort: model.port }),
      ...(hardware && { hardwareName: hardware.name }),
      autoScalingConfigurations: [
        { regionId: region.id, scale: { min: 1, max: 1, cooldownPeriod: 300, triggers: { cpu: { threshold: 80 } } } },
      ],
    },
  };
}
