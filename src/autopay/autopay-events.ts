import type { EventOutcome, PaymentMessage } from '../credits/payment-reply.ts';
import { postTopUp } from '../credits/top-up.ts';
import type { Deps } from '../deps.ts';
import type { PaymentNews } from '../ports/payments.ts';
import { autopayPosted } from './autopay-messages.ts';
import { saveAutopayCard, settleAutopayFailure, settleAutopaySuccess } from './autopay-outcomes.ts';

type EventDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing' | 'payments'>;

/**
 * An automatic top-up's payment arrived: posted once under its charge's id, with the charge
 * settled in the same transaction; the person who set it up and the alert channel are told.
 */
export async function postAutopayPayment(
  deps: EventDeps,
  news: Extract<PaymentNews, { kind: 'autopay_paid' }>,
): Promise<PaymentMessage> {
  const posted = await postTopUp(
    deps,
    {
      teamId: news.teamId,
      amountCents: news.amountCents,
      idempotencyKey: `autopay:${news.chargeId}`,
      method: 'card',
      reference: news.paymentReference,
      actorId: null,
    },
    async (tx, { entry }) => {
      await settleAutopaySuccess(tx, news.chargeId, news.paymentReference, entry.createdAt);
    },
  );
  const team = await deps.db.team.findUniqueOrThrow({ where: { id: news.teamId }, include: { autopay: true } });
  return {
    teamId: team.id,
    payerId: team.autopay?.setById ?? null,
    toChannel: true,
    key: `autopay-posted:${news.chargeId}`,
    message: autopayPosted(team, posted, team.autopay?.cardLabel ?? null),
  };
}

/** A card saved for automatic top-up, or an automatic charge that failed after it was accepted. */
export async function actOnAutopay(
  deps: EventDeps,
  news: Extract<PaymentNews, { kind: 'card_saved' | 'autopay_failed' }>,
): Promise<EventOutcome> {
  const autopay = deps.payments.autopay;
  if (!autopay) return { outcome: 'ignored: automatic top-up is not configured here' };
  if (news.kind === 'autopay_failed') {
    const counted = await settleAutopayFailure(deps, autopay, news);
    return { outcome: counted ? 'automatic top-up failed: told the billing roles' : 'ignored: the charge was settled' };
  }
  const saved = await saveAutopayCard(deps, autopay, news);
  if (!saved.message) return { outcome: saved.outcome };
  const key = `autopay-card:${news.sessionId}`;
  return {
    outcome: saved.outcome,
    told: { teamId: news.teamId, payerId: news.payerId, toChannel: false, key, message: saved.message },
  };
}
