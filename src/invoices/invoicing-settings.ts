import { z } from 'zod';
import { readJsonFile } from '../json-file.ts';

// What invoices say about money and about who sells it: the currency and the seller's details,
// from TALLY_CURRENCY and TALLY_SELLER_* (or one JSON file named by TALLY_SELLER_FILE).

/** ISO 4217 codes with two decimals, as credits have: "usd" → "USD". */
export const CurrencySchema = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code), {
    message: 'must be an ISO 4217 currency code, like usd, eur or gbp',
    abort: true,
  })
  .refine((code) => minorDigits(code) === 2, {
    message: 'must be a currency with two decimals (cents), as credits have: not jpy, krw, bhd…',
  });

function minorDigits(code: string): number | undefined {
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits;
}

/** A seller's detail: trimmed, not empty, at most `max` characters. */
export const sellerLine = (max: number) => z.string().trim().min(1).max(max);

export const SellerFileSchema = z.strictObject({
  name: sellerLine(200),
  /** One string, or its lines. */
  address: z
    .union([sellerLine(500), z.array(sellerLine(200)).min(1).max(8)])
    .transform((a) => (Array.isArray(a) ? a.join('\n') : a)),
  taxId: sellerLine(40),
  footer: sellerLine(1000).optional(),
});

export type Seller = z.output<typeof SellerFileSchema>;

/** The environment variables behind `Invoicing` (declared with the core's settings, src/config.ts). */
export interface InvoicingEnv {
  TALLY_CURRENCY: string;
  TALLY_SELLER_NAME?: string | undefined;
  TALLY_SELLER_ADDRESS?: string | undefined;
  TALLY_SELLER_TAX_ID?: string | undefined;
  TALLY_SELLER_FOOTER?: string | undefined;
  TALLY_SELLER_FILE?: string | undefined;
}

export interface Invoicing {
  /** ISO 4217, upper case: one credit is one unit of it. */
  currency: string;
  /** Null when none is configured: invoices then say so in the seller's block. */
  seller: Seller | null;
}

const REQUIRED = ['TALLY_SELLER_NAME', 'TALLY_SELLER_ADDRESS', 'TALLY_SELLER_TAX_ID'] as const;

/**
 * The seller from the file or the variables, all or nothing: a problem is thrown as
 * [setting, what is wrong] for the caller to turn into a start-up error.
 */
export function invoicingConfig(e: InvoicingEnv): Invoicing | [setting: string, problem: string] {
  const fromEnv = [...REQUIRED, 'TALLY_SELLER_FOOTER' as const].filter((name) => e[name] !== undefined);
  if (e.TALLY_SELLER_FILE) {
    if (fromEnv.length) return ['TALLY_SELLER_FILE', `set it or ${fromEnv.join(', ')}, not both`];
    try {
      return { currency: e.TALLY_CURRENCY, seller: readJsonFile(e.TALLY_SELLER_FILE, SellerFileSchema, 'seller file') };
    } catch (error) {
      return ['TALLY_SELLER_FILE', (error as Error).message];
    }
  }
  if (!fromEnv.length) return { currency: e.TALLY_CURRENCY, seller: null };
  const missing = REQUIRED.filter((name) => e[name] === undefined);
  if (missing.length)
    return [
      missing[0]!,
      `is missing: seller details need ${REQUIRED.join(', ')} together (or TALLY_SELLER_FILE); ` +
        `missing ${missing.join(', ')}`,
    ];
  const seller: Seller = {
    name: e.TALLY_SELLER_NAME!,
    address: e.TALLY_SELLER_ADDRESS!,
    taxId: e.TALLY_SELLER_TAX_ID!,
  };
  if (e.TALLY_SELLER_FOOTER) seller.footer = e.TALLY_SELLER_FOOTER;
  return { currency: e.TALLY_CURRENCY, seller };
}

/**
 * The settings to add before invoices can go to paying customers (a card processor refuses to
 * start without them); empty when the seller is configured.
 */
export function sellerDetailsMissing(config: { invoicing: Invoicing }): string[] {
  return config.invoicing.seller ? [] : [...REQUIRED];
}
