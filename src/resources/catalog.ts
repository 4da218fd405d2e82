import { z } from 'zod';
import { readJsonFile } from '../json-file.ts';
import { parseAmount } from '../money.ts';
import { projectFile } from '../project-file.ts';

export const DEFAULT_CATALOG_FILE = projectFile('config', 'catalog.json');

const PriceSchema = z.string().transform((text, ctx) => {
  try {
    return parseAmount(text, 'price');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const OfferSchema = z.object({
  // Lower case: people type an offer in any case ("H100x1"), and it is matched in lower case.
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,47}$/, 'ids are lower-case letters, digits, dots, dashes and _'),
  label: z.string().min(1).max(100),
  /** Credits per hour, what the team pays (a live provider's price with the markup). */
  hourly: PriceSchema,
  // What a live provider tells of an instance offer, for filters and the catalog's table.
  gpu: z.string().optional(),
  gpuCount: z.int().min(0).optional(),
  /** All the offer's GPUs' memory together. */
  vramGb: z.number().min(0).optional(),
  vcpu: z.number().min(0).optional(),
  ramGb: z.number().min(0).optional(),
  /** Regions with capacity now, the first the default; unset: anywhere (the simulator). */
  regions: z.array(z.string()).optional(),
  /** OS images it takes, the first the default. */
  os: z.array(z.string()).optional(),
});

export const CatalogSchema = z.object({
  instances: z.array(OfferSchema).min(1),
  inference: z.array(OfferSchema).min(1),
  volumes: z.object({ perGbMonth: PriceSchema, minGb: z.int().min(1), maxGb: z.int().min(1) }),
});

export type Catalog = z.infer<typeof CatalogSchema>;

/** Where the offers come from: the catalog file (the simulator), or a live provider's offers, cached. */
export interface CatalogSource {
  current(): Promise<Catalog>;
}

/** The same catalog every time: the file's, for the simulator. */
export function fixedCatalog(catalog: Catalog): CatalogSource {
  return { current: async () => catalog };
}
export type Offer = Catalog['instances'][number];

const HOURS_PER_MONTH = 730;

/** Volumes are priced per GB-month; an hour costs the rounded-up share, at least one cent. */
export function volumeHourlyCents(catalog: Catalog, sizeGb: number): number {
  return Math.max(1, Math.ceil((sizeGb * catalog.volumes.perGbMonth) / HOURS_PER_MONTH));
}

/** The catalog in `file`; a file that cannot be read or is not a valid catalog throws, saying why in one line. */
export function loadCatalog(file: string = DEFAULT_CATALOG_FILE): Catalog {
  return readJsonFile(file, CatalogSchema, 'catalog');
}
