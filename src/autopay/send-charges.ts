import type { Deps } from '../deps.ts';
import { formatCents } from '../money.ts';
import type { CardAutopay } from '../ports/payments.ts';
import { settleAutopayFailure } from './autopay-outcomes.ts';

type SendDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing'>;

interface Claimed {
  id: string;
  teamId: string;
  teamName: string;
  amountCents: number;
  attempts: number;
  /** When it is tried again if this attempt does not settle it (30 s, 1 min, 2 min… at most an hour). */
  nextAttemptAt: Date;
  autopayStatus: string;
  customerRef: string | null;
  cardRef: string | null;
}

/** Stops a queued charge that must not be sent (autopay turned off since, the card gone). */
async function cancel(deps: SendDeps, charge: Claimed) {
  const at = deps.clock.now();
  await deps.db.$transaction([
    deps.db.autopayCharge.updateMany({
      where: { id: charge.id, status: 'queued' },
      data: { status: 'cancelled', settledAt: at, failure: 'automatic top-up was turned off' },
    }),
    deps.db.autopay.updateMany({
      where: { teamId: charge.teamId, chargeInFlight: charge.id },
      data: { chargeInFlight: null, updatedAt: at },
    }),
  ]);
}

export interface SendReport {
  accepted: number;
  declined: number;
  retried: number;
  cancelled: number;
}

/**
 * Sends the queued charges to the card processor, outside any transaction. Each is claimed first
 * (its next attempt moved on, SKIP LOCKED), so two runs at once never send one twice; a crash
 * or an outage leaves it queued, to be sent again under the same id, which the processor answers
 * with the same payment. Accepted: the top-up waits for the processor's report. Declined: counted
 * and told (autopay-outcomes.ts).
 */
export async function sendAutopayCharges(deps: SendDeps, autopay: CardAutopay, limit = 20): Promise<SendReport> {
  const now = deps.clock.now();
  const claimed = await deps.db.$queryRaw<Claimed[]>`
    UPDATE "AutopayCharge" c
    SET attempts = c.attempts + 1,
      "nextAttemptAt" = ${now}::timestamp(3) + make_interval(secs => LEAST(30 * 2 ^ c.attempts, 3600))
    FROM (
      SELECT id FROM "AutopayCharge" WHERE status = 'queued' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) due, "Autopay" a, "Team" t
    WHERE c.id = due.id AND a."teamId" = c."teamId" AND t.id = c."teamId"
    RETURNING c.id, c."teamId", t.name AS "teamName", c."amountCents", c.attempts, c."nextAttemptAt",
      a.status::text AS "autopayStatus",
      a."customerRef", a."cardRef"`;
  const report: SendReport = { accepted: 0, declined: 0, retried: 0, cancelled: 0 };
  for (const charge of claimed) {
    if (charge.autopayStatus !== 'on' || !charge.cardRef || !charge.customerRef) {
      await cancel(deps, charge);
      report.cancelled++;
      continue;
    }
    let result: Awaited<ReturnType<CardAutopay['chargeSavedCard']>>;
    try {
      result = await autopay.chargeSavedCard({
        teamId: charge.teamId,
        chargeId: charge.id,
        amountCents: charge.amountCents,
        currency: deps.invoicing.currency,
        customerRef: charge.customerRef,
        cardRef: charge.cardRef,
        description: `Automatic top-up: ${formatCents(charge.amountCents)} credits for ${charge.teamName}`,
      });
    } catch (error) {
      deps.log.warn('an automatic top-up could not be sent; it is tried again', {
        charge: charge.id,
        attempt: charge.attempts,
        nextAttemptAt: charge.nextAttemptAt.toISOString(),
        error: (error as Error).message,
      });
      report.retried++;
      continue;
    }
    if (result.outcome === 'accepted') {
      await deps.db.autopayCharge.updateMany({
        where: { id: charge.id, status: 'queued' },
        data: { status: 'accepted', paymentReference: result.paymentReference },
      });
      report.accepted++;
    } else {
      await settleAutopayFailure(deps, autopay, {
        chargeId: charge.id,
        paymentReference: result.paymentReference,
        reason: result.reason,
      });
      report.declined++;
    }
  }
  return report;
}
