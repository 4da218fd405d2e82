import { type Logger, silentLogger } from '../../src/logger.ts';
import { ProviderKeyRejected, ProviderUnavailable } from '../../src/ports/compute.ts';
import type { Catalog, CatalogSource, Offer } from '../../src/resources/catalog.ts';
import { cached } from './cached.ts';
import {
  availableRegions,
  inferenceUsdPerHour,
  launchable,
  modelId,
  offerId,
  pickInstanceOffer,
  priceCents,
  volumePlaces,
} from './offers.ts';
import {
  type Hardware,
  HardwaresSchema,
  type InstanceOffer,
  InstanceOffersSchema,
  type Model,
  ModelsSchema,
  type VolumeOffer,
  VolumeOffersSchema,
} from './schemas.ts';
import type { SesterceClient } from './sesterce-client.ts';

export interface SesterceCatalogOptions {
  /** TALLY_PRICE_MARKUP_PERCENT. */
  markupPercent: number;
  /** How long a catalog is served before it is fetched again; 5 minutes unless set. */
  ttlMs?: number;
  /** After a failed refresh, how long the last good catalog is served before trying again; 30 s unless set. */
  retryMs?: number;
  log?: Logger;
  now?: () => number;
}

/** GUESS: Sesterce states no largest volume; 10 TB is sold, Sesterce refuses what it cannot make. */
export const VOLUME_MAX_GB = 10_240;
const HOURS_PER_MONTH = 730;
/** The catalog's ids: lower-case letters, digits, dots, dashes and _ (catalog.ts). */
const ID = /^[a-z0-9][a-z0-9._-]{0,47}$/;

const gpuLabel = (name: string) => name.replace(/_/g, ' ');

/** "1x H100 80 GB, 26 vCPU, 225 GB RAM"; vRamGB is the whole offer's, so per GPU it is divided. */
function instanceLabel(offer: InstanceOffer): string {
  const { vRamGB, vCpu, ramGB } = offer.configuration;
  const gpu =
    offer.gpuCount > 0
      ? `${offer.gpuCount}x ${gpuLabel(offer.gpuName)}${vRamGB ? ` ${Math.round(vRamGB / offer.gpuCount)} GB` : ''}`
      : gpuLabel(offer.gpuName);
  const parts = [gpu, vCpu && `${vCpu} vCPU`, ramGB && `${ramGB} GB RAM`].filter(Boolean);
  const kind = offer.deploymentType === 'baremetal' ? ' (bare metal)' : '';
  return `${parts.join(', ')}${kind}`.slice(0, 100);
}

/**
 * One offer per SKU. The same SKU may come from several upstream clouds at several prices; a launch
 * takes the cheapest in the region asked for (offers.ts), so the catalog shows the cheapest's price,
 * which is what a launch in its first region costs, and lists the regions of them all, the
 * cheapest's first. A launch where it costs more is refused with that price (launch-plans.ts).
 */
function instanceOffers(offers: InstanceOffer[], markupPercent: number): Offer[] {
  const ids = [...new Set(launchable(offers).map((o) => offerId(o.instanceId)))].filter((id) => ID.test(id));
  return ids.map((id) => {
    const same = launchable(offers).filter((o) => offerId(o.instanceId) === id);
    const cheapest = pickInstanceOffer(offers, id)!;
    const { vRamGB, vCpu, ramGB, os } = cheapest.configuration;
    return {
      id,
      label: instanceLabel(cheapest),
      hourly: priceCents(cheapest.hourlyPrice, markupPercent),
      gpu: cheapest.gpuName,
      gpuCount: cheapest.gpuCount,
      ...(vRamGB !== undefined && { vramGb: vRamGB }),
      ...(vCpu !== undefined && { vcpu: vCpu }),
      ...(ramGB !== undefined && { ramGb: ramGB }),
      regions: [...new Set([cheapest, ...same].flatMap(availableRegions))],
      os,
    };
  });
}

/** Models priced by the GPUs they run on (offers.ts, a guess); models with no such GPU are not sold. */
function inferenceOffers(models: Model[], hardwares: Hardware[], offers: InstanceOffer[], markup: number): Offer[] {
  return models.flatMap((model) => {
    const id = modelId(model.name);
    const hardware = hardwares.find((h) => h.id === model.defaultHardwareId);
    const usd = hardware && inferenceUsdPerHour(hardware, offers);
    if (!ID.test(id) || !hardware?.gpu || usd === undefined) return [];
    const { count, model: gpu } = hardware.gpu;
    return [
      {
        id,
        label: `${model.name} endpoint (${count}x ${gpuLabel(gpu)})`.slice(0, 100),
        hourly: priceCents(usd, markup),
        gpu,
        gpuCount: count,
      },
    ];
  });
}

/**
 * Volumes have one price in the catalog: the dearest place's, per GB-month (730 hours) with the
 * markup; the smallest size the largest minimum, so a volume sold can be made in any region.
 */
function volumeTerms(offers: VolumeOffer[], markup: number): Catalog['volumes'] {
  const places = volumePlaces(offers).filter((p) => p.pricePerGbHour !== undefined);
  if (!places.length) throw new ProviderUnavailable('Sesterce lists no volume offers with a price.');
  const perGbHour = Math.max(...places.map((p) => p.pricePerGbHour!));
  const minGb = Math.max(1, ...places.map((p) => Math.ceil(p.minGb)));
  return { perGbMonth: priceCents(perGbHour * HOURS_PER_MONTH, markup), minGb, maxGb: Math.max(minGb, VOLUME_MAX_GB) };
}

/**
 * The catalog from Sesterce's live offers: instances available now, models it serves, volumes;
 * prices with TALLY_PRICE_MARKUP_PERCENT, in cents. Fetched again after `ttlMs`, one fetch at a
 * time; when a refresh fails the last good catalog is served (and the failure logged). With none
 * yet, the failure is thrown: ProviderKeyRejected as such (operators must act), else ProviderUnavailable.
 */
export function sesterceCatalog(client: SesterceClient, options: SesterceCatalogOptions): CatalogSource {
  const { markupPercent, ttlMs = 5 * 60_000, log = silentLogger } = options;
  const load = async (): Promise<Catalog> => {
    const [offers, volumes, models, hardwares] = await Promise.all([
      client.send('GET', '/gpu-cloud/instances/offers', InstanceOffersSchema),
      client.send('GET', '/gpu-cloud/volumes/offers', VolumeOffersSchema),
      client.send('GET', '/ai-inference/models', ModelsSchema),
      client.send('GET', '/ai-inference/hardwares', HardwaresSchema),
    ]);
    return {
      instances: instanceOffers(offers, markupPercent),
      inference: inferenceOffers(models, hardwares, offers, markupPercent),
      volumes: volumeTerms(volumes, markupPercent),
    };
  };
  const current = cached(load, {
    ttlMs,
    ...(options.retryMs !== undefined && { retryMs: options.retryMs }),
    ...(options.now && { now: options.now }),
    onStale: (error) =>
      log[error instanceof ProviderKeyRejected ? 'error' : 'warn'](
        'Sesterce catalog could not be refreshed; serving the last one',
        { error: `${error}` },
      ),
  });
  return {
    async current() {
      try {
        return await current.get();
      } catch (error) {
        if (error instanceof ProviderKeyRejected || error instanceof ProviderUnavailable) throw error;
        throw new ProviderUnavailable(`Sesterce's catalog could not be read: ${(error as Error).message}`);
      }
    },
  };
}
