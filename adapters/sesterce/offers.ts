import type { Hardware, InstanceOffer, Model, VolumeOffer } from './schemas.ts';

// What the catalog sells and what a launch asks Sesterce for come from the same rules, here, so
// that the offer priced is the offer launched.

/** The catalog's id of an offer: Sesterce's SKU in lower case ("H100x1" → "h100x1"). */
export const offerId = (instanceId: string) => instanceId.toLowerCase();

/** The regions where an offer can launch now, in Sesterce's order. */
export const availableRegions = (offer: InstanceOffer) =>
  offer.availability.filter((a) => a.available).map((a) => a.region);

/**
 * Offers Tally can launch: available somewhere, and not container-only (GUESS: Tally creates with
 * `vm: { os }` and `dockerContainer: null`, which a container offer would presumably refuse).
 */
export const launchable = (offers: InstanceOffer[]) =>
  offers.filter((o) => o.deploymentType !== 'container' && availableRegions(o).length > 0);

/**
 * The offer a launch of `id` goes to: the same SKU may come from several upstream clouds; the
 * cheapest one available (in `region` when asked) wins.
 */
export function pickInstanceOffer(offers: InstanceOffer[], id: string, region?: string): InstanceOffer | undefined {
  return launchable(offers)
    .filter((o) => offerId(o.instanceId) === id.toLowerCase())
    .filter((o) => !region || availableRegions(o).includes(region))
    .sort((a, b) => a.hourlyPrice - b.hourlyPrice)[0];
}

/**
 * Sesterce's USD price with the markup, in whole cents rounded up (at least one). Rounded to a
 * millionth of a cent first: 2.49 × 100 is 249.00000000000003 in floating point, which must stay 249.
 */
export function priceCents(usd: number, markupPercent: number): number {
  const cents = Math.round(usd * 100 * (1 + markupPercent / 100) * 1e6) / 1e6;
  return Math.max(1, Math.ceil(cents));
}

/** A model's catalog id from its name: "Llama 3.1 8B Instruct" → "llama-3.1-8b-instruct". */
export function modelId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 48);
}

export const findModel = (models: Model[], id: string) => models.find((m) => modelId(m.name) === id.toLowerCase());

/** "NVIDIA H100", "H100" → "h100"; "A100_80G" → "a10080g", which an "A100" hardware's key begins. */
const gpuKey = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^(nvidia|amd)/, '');

/**
 * GUESS: the API gives no price for a model or its hardware (§2.5). An endpoint is priced as the
 * dearest launchable instance with the same GPUs ("L40S" × 1), since that is what it occupies (and
 * never below what it may cost); the real price is only known once deployed (the endpoint's
 * `hourlyPrice`). Undefined: no match, the model is not sold.
 */
export function inferenceUsdPerHour(hardware: Hardware, offers: InstanceOffer[]): number | undefined {
  const gpu = hardware.gpu;
  if (!gpu) return undefined;
  const prices = launchable(offers)
    .filter((o) => o.gpuCount === gpu.count && gpuKey(o.gpuName).startsWith(gpuKey(gpu.model)))
    .map((o) => o.hourlyPrice);
  return prices.length ? Math.max(...prices) : undefined;
}

/** A volume offer's region, flattened. */
export interface VolumePlace {
  cloudId: string;
  region: string;
  minGb: number;
  pricePerGbHour: number | undefined;
}

export const volumePlaces = (offers: VolumeOffer[]): VolumePlace[] =>
  offers.flatMap((o) =>
    o.regions.map((r) => ({ cloudId: o.cloudId, region: r.name, minGb: r.minGb, pricePerGbHour: r.pricePerGbHour })),
  );

/** Where a volume goes: the asked region (else the first listed) taking that size. */
export function pickVolumePlace(offers: VolumeOffer[], sizeGb: number, region?: string): VolumePlace | undefined {
  return volumePlaces(offers).find((p) => (!region || p.region === region) && p.minGb <= sizeGb);
}
