import { TallyError } from '../errors.ts';
import { formatCents } from '../money.ts';
import { md } from '../rich-text.ts';
import { type Catalog, type Offer, volumeHourlyCents } from './catalog.ts';

export type LaunchRequest =
  | { kind: 'instance'; flavor: string; name: string; sshKeyName?: string; region?: string; os?: string }
  | { kind: 'inference'; model: string; name: string }
  | { kind: 'volume'; sizeGb: number; name: string };

export interface Priced {
  spec: string;
  label: string;
  hourlyCents: number;
  sizeGb?: number;
  /** Instances on a live cloud: where, and on which OS image (the offer's first when not asked for). */
  region?: string;
  os?: string;
}

/** `asked` among what an offer takes (in any case), its first when not asked; unset when the offer says nothing. */
function choose(asked: string | undefined, allowed: string[] | undefined, what: string, offer: Offer) {
  if (asked === undefined) return allowed?.[0];
  const option = what === 'region' ? 'region' : 'os';
  if (!allowed?.length)
    throw new TallyError(
      what === 'region' ? 'unknown_region' : 'unknown_os',
      md`\`${offer.id}\` has no ${what}s to choose from here: launch it without \`${option}:\`.`,
    );
  const found = allowed.find((a) => a.toLowerCase() === asked.toLowerCase());
  if (found) return found;
  throw new TallyError(
    what === 'region' ? 'unknown_region' : 'unknown_os',
    md`\`${offer.id}\` has no ${what} "${asked}". It takes: ${allowed.join(', ')}.`,
  );
}

function pick(offers: Offer[], id: string, what: string): Offer {
  const offer = offers.find((o) => o.id === id.toLowerCase());
  if (!offer) {
    const available = offers.map((o) => `${o.id} (${formatCents(o.hourly)}/h)`).join(', ');
    throw new TallyError('unknown_offer', `There is no ${what} "${id}". Available: ${available}.`);
  }
  return offer;
}

/** SPEC §4 step 2: what a launch costs per hour, from the catalog. */
export function priceLaunch(catalog: Catalog, request: LaunchRequest): Priced {
  switch (request.kind) {
    case 'instance': {
      const offer = pick(catalog.instances, request.flavor, 'instance flavor');
      const region = choose(request.region, offer.regions, 'region', offer);
      const os = choose(request.os, offer.os, 'OS image', offer);
      return {
        spec: offer.id,
        label: offer.label,
        hourlyCents: offer.hourly,
        ...(region !== undefined && { region }),
        ...(os !== undefined && { os }),
      };
    }
    case 'inference': {
      const offer = pick(catalog.inference, request.model, 'inference model');
      return { spec: offer.id, label: offer.label, hourlyCents: offer.hourly };
    }
    case 'volume': {
      const { minGb, maxGb } = catalog.volumes;
      if (request.sizeGb < minGb || request.sizeGb > maxGb)
        throw new TallyError(
          'invalid_size',
          `A volume is between ${minGb} and ${maxGb} GB (you asked for ${request.sizeGb}).`,
        );
      return {
        spec: `${request.sizeGb} GB`,
        label: `${request.sizeGb} GB block volume`,
        hourlyCents: volumeHourlyCents(catalog, request.sizeGb),
        sizeGb: request.sizeGb,
      };
    }
  }
}
