import { DAY } from '../clock.ts';
import type { Deps } from '../deps.ts';
import type { AutopayPolicy } from '../ports/payments.ts';

/** The channel the migration's trigger NOTIFYs when a balance crosses a team's autopay threshold. */
export const AUTOPAY_CHANNEL = 'tally_autopay';

/**
 * Brings every team's automatic top-up in line with its balance, in one statement: a balance back
 * at or above the threshold re-arms it; an armed one below the threshold, with no charge in flight
 * and fewer than `dailyMax` charges in 24 hours, is disarmed and its charge queued (id
 * "<team>:<crossing>"). The rows are locked and re-read under the lock, so two runs at once (two
 * debits crossing together wake two) queue one charge. Returns how many it queued.
 */
export async function queueAutopayCharges(deps: Pick<Deps, 'db' | 'clock'>, policy: AutopayPolicy): Promise<number> {
  const now = deps.clock.now();
  const dayAgo = new Date(now.getTime() - DAY);
  return deps.db.$executeRaw`
    WITH moved AS (
      UPDATE "Autopay" a
      SET armed = d.above,
        crossing = a.crossing + d.charge::int,
        "chargeInFlight" = CASE WHEN d.charge THEN a."teamId" || ':' || (a.crossing + 1) ELSE a."chargeInFlight" END,
        "updatedAt" = ${now}
      FROM (
        SELECT a2."teamId", t."balanceCents" >= a2."thresholdCents" AS above,
          (a2.armed AND t."balanceCents" < a2."thresholdCents" AND a2."chargeInFlight" IS NULL
            AND (SELECT count(*) FROM "AutopayCharge" c
                 WHERE c."teamId" = a2."teamId" AND c."createdAt" > ${dayAgo}) < ${policy.dailyMax}) AS charge
        FROM "Autopay" a2 JOIN "Team" t ON t.id = a2."teamId"
        WHERE a2.status = 'on' AND t."deletedAt" IS NULL AND a2.armed <> (t."balanceCents" >= a2."thresholdCents")
        ORDER BY a2."teamId"
        FOR UPDATE OF a2
      ) d
      WHERE a."teamId" = d."teamId" AND (d.charge OR d.above)
      RETURNING a."teamId", a.crossing, a."amountCents", a."chargeInFlight", d.charge
    )
    INSERT INTO "AutopayCharge" (id, "teamId", crossing, "amountCents", status, "nextAttemptAt", "createdAt")
    SELECT "chargeInFlight", "teamId", crossing, "amountCents", 'queued', ${now}, ${now} FROM moved WHERE charge
    ON CONFLICT DO NOTHING`;
}
