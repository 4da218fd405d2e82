import { z } from 'zod';
import { type LedgerPosition, ledgerPage } from '../../../src/credits/balance.ts';
import { TallyError } from '../../../src/errors.ts';
import { ledgerEntryJson } from '../api-json.ts';
import { apiRoute, json } from '../api-route.ts';
import { LedgerQuerySchema } from '../request-schemas.ts';
import { LedgerPageSchema } from '../response-schemas.ts';

const PositionSchema = z.object({ t: z.iso.datetime(), id: z.string().min(1).max(64) });

/** The last entry of a page, opaque to clients: base64url of its time and id. */
function encodeCursor(entry: LedgerPosition): string {
  return Buffer.from(JSON.stringify({ t: entry.createdAt.toISOString(), id: entry.id })).toString('base64url');
}

function decodeCursor(cursor: string): LedgerPosition {
  try {
    const { t, id } = PositionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt: new Date(t), id };
  } catch {
    throw new TallyError('validation_failed', "cursor: not a cursor this API gave: pass a page's nextCursor as it is", {
      field: 'cursor',
    });
  }
}

/** As `/credits history`, a page at a time. */
export const getLedger = apiRoute({
  method: 'GET',
  path: '/ledger',
  operationId: 'getLedger',
  summary: 'Ledger entries, newest first, a page at a time (pass nextCursor as cursor for the next)',
  permission: 'billing.view',
  query: LedgerQuerySchema,
  ok: { status: 200, description: 'A page of the ledger', schema: LedgerPageSchema },
  errors: ['permission_denied', 'validation_failed'],
  async handle({ deps, access, query }) {
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { entries, more } = await ledgerPage(deps, access, query.limit, before);
    return json(200, {
      entries: entries.map(ledgerEntryJson),
      currency: deps.invoicing.currency,
      nextCursor: more ? encodeCursor(entries.at(-1)!) : null,
    });
  },
});
