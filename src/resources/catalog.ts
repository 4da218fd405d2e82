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
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,31}$/, 'ids are lower-case letters, digits, dots and dashes'),
  label: z.string().min(1).max(100),
  hourly: PriceSchema,
});

export const CatalogSchema = z.object({
  instances: z.array(OfferSchema).min(1),
  inference: z.array(OfferSchema).min(1),
  volumes: z.object({ perGbMonth: PriceSchema, minGb: z.int().min(1), maxGb: z.int().min(1) }),
});

export type Catalog = z.infer<typeof CatalogSchema>;
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
