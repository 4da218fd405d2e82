import { enqueueAlert } from '../alerts/outbox.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import type { CardAutopay, PaymentNews } from '../ports/payments.ts';
import { autopayFailed, cardSaved } from './autopay-messages.ts';
import { cardSetupLink } from './card-link.ts';
import { AUTOPAY_CHANNEL } from './queue-charges.ts';

type OutcomeDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing'>;

/** Wakes the autopay worker on commit, as the balance trigger does: a new card may be charged at once. */
export async function wakeAutopay(tx: Tx) {
  await tx.$executeRaw`SELECT pg_notify(${AUTOPAY_CHANNEL}, '')`;
}

/**
 * The charge's payment arrived, in the transaction that posts its top-up: the charge is settled
 * (even one a late decline had failed: the money is in) and the team's next charge may go.
 */
export async function settleAutopaySuccess(tx: Tx, chargeId: string, paymentReference: string, at: Date) {
  await tx.autopayCharge.updateMany({
    where: { id: chargeId, status: { not: 'succeeded' } },
    data: { status: 'succeeded', paymentReference, settledAt: at },
  });
  await tx.autopay.updateMany({
    where: { chargeInFlight: chargeId },
    data: { chargeInFlight: null, failures: 0, updatedAt: at },
  });
}

export interface AutopayFailure {
  chargeId: string;
  paymentReference: string | null;
  reason: string;
}

/**
 * A charge the processor declined, now or later: counted once (a decline answered at once and the
 * event reporting it settle it together), the billing roles told with a page to save another card,
 * and automatic top-up turned off after `maxFailures` in a row. The page is asked for first,
 * outside the transaction; without it, the message says which command makes one.
 */
export async function settleAutopayFailure(deps: OutcomeDeps, autopay: CardAutopay, failure: AutopayFailure) {
  const charge = await deps.db.autopayCharge.findUnique({
    where: { id: failure.chargeId },
    include: { team: { include: { autopay: { include: { setBy: true } } } } },
  });
  const settings = charge?.team.autopay;
  if (!charge || !settings || charge.status === 'failed' || charge.status === 'succeeded') return false;
  // The page's payer is whoever set it up; told when the card is saved (a failure alert goes to all billing roles).
  const payer = { userId: settings.setBy?.id ?? '', displayName: settings.setBy?.displayName ?? charge.team.name };
  const fix = await cardSetupLink(
    deps,
    autopay,
    charge.team,
    payer,
    settings.customerRef,
    `autopay-fix:${charge.id}`,
  ).catch((error: Error) => {
    deps.log.warn('no page to save another card after a failed automatic top-up', { error: error.message });
    return null;
  });
  const at = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const settled = await tx.autopayCharge.updateMany({
      where: { id: charge.id, status: { in: ['queued', 'accepted'] } },
      data: {
        status: 'failed',
        failure: failure.reason,
        paymentReference: failure.paymentReference ?? charge.paymentReference,
        settledAt: at,
      },
    });
    if (settled.count === 0) return false;
    const [after] = await tx.$queryRaw<{ failures: number; status: string }[]>`
      UPDATE "Autopay" SET failures = failures + 1,
        "chargeInFlight" = CASE WHEN "chargeInFlight" = ${charge.id} THEN NULL ELSE "chargeInFlight" END,
        status = CASE WHEN failures + 1 >= ${autopay.policy.maxFailures} THEN 'off'::"AutopayStatus" ELSE status END,
        "offReason" = CASE WHEN failures + 1 >= ${autopay.policy.maxFailures}
          THEN 'the card failed ' || (failures + 1) || ' times in a row' ELSE "offReason" END,
        "setupSessionRef" = COALESCE(${fix?.link.sessionId ?? null}, "setupSessionRef"),
        "customerRef" = COALESCE("customerRef", ${fix?.customerRef ?? null}),
        "updatedAt" = ${at}
      WHERE "teamId" = ${charge.teamId}
      RETURNING failures, status::text AS status`;
    const turnedOff = after?.status === 'off' && after.failures >= autopay.policy.maxFailures;
    await enqueueAlert(tx, {
      teamId: charge.teamId,
      alertKey: `autopay-failed:${charge.id}`,
      message: autopayFailed({
        teamName: charge.team.name,
        amountCents: charge.amountCents,
        currency: deps.invoicing.currency,
        reason: failure.reason,
        turnedOffAfter: turnedOff ? after.failures : null,
        terms: settings,
        fixUrl: fix?.link.url ?? null,
      }),
      at,
    });
    return true;
  });
}

type CardSavedNews = Extract<PaymentNews, { kind: 'card_saved' }>;

/**
 * A card-saving page was completed: the card is fetched from the processor (network, before the
 * transaction), and automatic top-up turns on with it, if this page is still the team's latest
 * (not replaced by another, not turned off since). Returns the outcome and the payer's message.
 */
export async function saveAutopayCard(deps: OutcomeDeps, autopay: CardAutopay, news: CardSavedNews) {
  const current = await deps.db.autopay.findUnique({ where: { teamId: news.teamId } });
  if (current?.setupSessionRef !== news.sessionId)
    return { outcome: 'ignored: a card page replaced by a newer one, or automatic top-up turned off since' };
  const card = await autopay.savedCard(news.setupRef);
  const at = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const [saved] = await tx.autopay.updateManyAndReturn({
      where: { teamId: news.teamId, setupSessionRef: news.sessionId },
      data: {
        status: 'on',
        cardRef: card.cardRef,
        cardLabel: card.label,
        customerRef: card.customerRef,
        setupSessionRef: null,
        failures: 0,
        offReason: null,
        armed: true,
        updatedAt: at,
      },
      include: { team: true },
    });
    if (!saved) return { outcome: 'ignored: the card page was replaced while the card was read' };
    await wakeAutopay(tx);
    const belowNow = saved.team.balanceCents < saved.thresholdCents;
    return { outcome: 'card saved', message: cardSaved(saved.team.name, card.label, saved, belowNow) };
  });
}
