import type { Tx } from '../db/prisma-client.ts';

/** A number series: invoices "2026-000123", credit notes "CN-2026-000001". */
export type Series = 'invoice' | 'credit_note';

const PREFIX: Record<Series, string> = { invoice: '', credit_note: 'CN-' };

/**
 * The next number of `series` in the year of `at` (UTC), counting from 1 each year. Call it in
 * the transaction that issues the document: the upsert locks the year's counter row until that
 * transaction ends, so concurrent issuers queue and a rollback hands the number back (no gaps,
 * unlike a sequence).
 */
export async function nextDocumentNumber(tx: Tx, series: Series, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "DocumentCounter" ("series", "year", "last") VALUES (${series}, ${year}, 1)
    ON CONFLICT ("series", "year") DO UPDATE SET "last" = "DocumentCounter"."last" + 1
    RETURNING "last"`;
  return `${PREFIX[series]}${year}-${String(row!.last).padStart(6, '0')}`;
}

/**
 * "2026-000123" or "CN-2026-000001" as typed, give or take spaces, case and a leading "#" (older
 * messages wrote "#"); undefined for anything else.
 */
export function parseDocumentNumber(text: string, series: Series): string | undefined {
  const match = /^#?\s*(?:(CN)-?)?(\d{4})-(\d{1,9})$/i.exec(text.trim());
  if (!match || Boolean(match[1]) !== (series === 'credit_note')) return undefined;
  return `${PREFIX[series]}${match[2]}-${match[3]!.padStart(6, '0')}`;
}
