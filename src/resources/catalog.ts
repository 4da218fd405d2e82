import { readFileSync } from 'node:fs';
import { z } from 'zod';
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

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/** The catalog in `file`; a file that cannot be read or is not a valid catalog throws, saying why in one line. */
export function loadCatalog(file: string = DEFAULT_CATALOG_FILE): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new Error(`${file} cannot be read: ${(code && READ_FAILURES[code]) ?? message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the mistake, line breaks included.
    throw new Error(`${file} is not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`);
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} is not a valid catalog at ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}
