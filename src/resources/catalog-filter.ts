import type { Catalog, Offer } from './catalog.ts';

export interface OfferFilter {
  /** Part of the GPU's name or the offer's id, in any case ("h100"). */
  gpu?: string;
  /** A region the offer has capacity in now. */
  region?: string;
  /** GPUs in the offer. */
  count?: number;
}

/** The instance offers `filter` asks for; an offer that says nothing of regions (the simulator's) is anywhere. */
export function filterOffers(catalog: Catalog, filter: OfferFilter): Offer[] {
  const gpu = filter.gpu?.toLowerCase();
  const region = filter.region?.toLowerCase();
  return catalog.instances.filter(
    (o) =>
      (!gpu || o.id.includes(gpu) || (o.gpu ?? '').toLowerCase().includes(gpu)) &&
      (!region || !o.regions || o.regions.some((r) => r.toLowerCase() === region)) &&
      (filter.count === undefined || (o.gpuCount ?? 1) === filter.count),
  );
}
