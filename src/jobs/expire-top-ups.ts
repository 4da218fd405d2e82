import { dmRows, insertOutboxRows } from '../alerts/outbox.ts';
import { DAY } from '../clock.ts';
import { TOP_UP_REQUEST_LIFETIME_MS } from '../credits/top-up-requests.ts';
import type { Deps } from '../deps.ts';
import { formatCents } from '../money.ts';
import { reply } from '../reply.ts';
import { md } from '../rich-text.ts';

interface Expired {
  id: string;
  teamId: string;
  amountCents: number;
  teamName: string;
  platform: string;
  workspaceId: string;
  platformUserId: string;
}

const DAYS = TOP_UP_REQUEST_LIFETIME_MS / DAY;
const AGAIN = md`Ask again with \`/credits add\` once the money is on its way.`;

function expiredMessage(row: Expired) {
  const request = md`your request to add *${formatCents(row.amountCents)}* credits to *${row.teamName}*`;
  return reply(md`No operator answered ${request} within ${DAYS} days, so it expired. ${AGAIN}`, {
    tone: 'warning',
    title: 'Top-up request expired',
  });
}

/**
 * Top-up requests no operator answered in time: all of them expire in one statement, and each asker
 * is told through the outbox (one row per request and identity, keyed so a rerun adds nothing), in
 * the same transaction. A request past its time is refused by approve even before this runs.
 */
export async function expireTopUpRequests(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ expired: number }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Expired[]>`
      WITH expired AS (
        UPDATE "TopUpRequest" SET status = 'expired', "decidedAt" = ${now}
        WHERE status = 'pending' AND "expiresAt" <= ${now}
        RETURNING id, "teamId", "amountCents", "requesterId"
      )
      SELECT e.id, e."teamId", e."amountCents", t.name AS "teamName", i.platform, i."workspaceId", i."platformUserId"
      FROM expired e
      JOIN "Team" t ON t.id = e."teamId"
      JOIN "Identity" i ON i."userId" = e."requesterId"`;
    await insertOutboxRows(
      tx,
      rows.flatMap((row) =>
        dmRows([row], { key: `topup-expired:${row.id}`, teamId: row.teamId, message: expiredMessage(row), at: now }),
      ),
    );
    return { expired: new Set(rows.map((row) => row.id)).size };
  });
}
