import { insertOutboxRows, type OutboxRow, recipientRows } from '../alerts/outbox.ts';
import { channelRecipient, dmRecipient } from '../alerts/recipients.ts';
import { actOnAutopay, postAutopayPayment } from '../autopay/autopay-events.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { isTallyError } from '../errors.ts';
import type { Prisma, Team } from '../generated/prisma/client.ts';
import { formatMoney } from '../money.ts';
import { notifyIdentities } from '../notify.ts';
import type { PaymentNews, ReadPaymentEvent } from '../ports/payments.ts';
import { type Reply, reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { takeBackRefund, tellOfDispute } from './card-refunds.ts';
import { type EventOutcome, type PaymentMessage, paymentPostedReply } from './payment-reply.ts';
import { postTopUp } from './top-up.ts';

type EventDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing' | 'notifier' | 'operators' | 'payments'>;

/** An event as the processor sent it, its signature already checked. */
export interface ReceivedPaymentEvent {
  /** The processor's id for the event: a redelivery carries the same one. */
  id: string;
  type: string;
  payload: unknown;
}

/**
 * Keeps the event before its webhook is answered, so an acknowledged event is never lost; a
 * redelivery (or five at once) adds nothing.
 */
export async function recordPaymentEvent(deps: Pick<Deps, 'db' | 'clock'>, event: ReceivedPaymentEvent) {
  await deps.db.paymentEvent.createMany({
    data: [
      {
        id: event.id,
        type: event.type,
        payload: event.payload as Prisma.InputJsonValue,
        receivedAt: deps.clock.now(),
      },
    ],
    skipDuplicates: true,
  });
}

type Paid = Extract<PaymentNews, { kind: 'paid' }>;
type Unpaid = Extract<PaymentNews, { kind: 'failed' | 'expired' }>;

/**
 * Outbox rows for one message to the payer's DMs (every platform they use) and, when `toChannel`,
 * the team's alert channel, keyed per recipient: queued again, nothing is added.
 */
async function messagesFor(tx: Tx, told: PaymentMessage, at: Date): Promise<OutboxRow[]> {
  const identities = told.payerId ? await tx.identity.findMany({ where: { userId: told.payerId } }) : [];
  const recipients = identities.map(dmRecipient);
  const team = told.toChannel ? await tx.team.findUnique({ where: { id: told.teamId } }) : null;
  const channel = team && channelRecipient(team);
  if (channel) recipients.push(channel);
  return recipientRows(recipients, { key: told.key, teamId: told.teamId, message: told.message, at });
}

/**
 * Money arrived: the top-up and its invoice, posted once under the payment page's id, whichever
 * of its events (and however many deliveries of them) reports it.
 */
async function postCardPayment(deps: EventDeps, news: Paid, team: Team): Promise<PaymentMessage> {
  const posted = await postTopUp(deps, {
    teamId: news.teamId,
    amountCents: news.amountCents,
    idempotencyKey: `card:${news.sessionId}`,
    method: 'card',
    reference: news.reference,
    actorId: null,
  });
  return {
    teamId: news.teamId,
    payerId: news.payerId,
    toChannel: true,
    key: `payment-received:${news.sessionId}`,
    message: paymentPostedReply('Payment received', 'Payment received', team, posted),
  };
}

const TRY_AGAIN = md`Try \`/credits add\` again.`;

function unpaidMessage(news: Unpaid, team: Team): Reply {
  const what = md`*${formatMoney(news.amountCents, news.currency)}* for *${team.name}*`;
  if (news.kind === 'failed')
    return reply(md`Your payment of ${what} did not go through, so no credits were added. ${TRY_AGAIN}`, {
      tone: 'warning',
      title: 'Payment failed',
    });
  return reply(md`The payment page for ${what} expired unpaid: nothing was charged and no credits were added.`, {
    title: 'Payment page expired',
  });
}

/** Money a processor reports arrived, as a refusal and the operators see it. */
interface MoneyIn {
  teamId: string;
  amountCents: number;
  currency: string;
  reference: string;
  /** The processor's id for what paid (a payment page, an automatic charge): keys the operators' message. */
  id: string;
}

/** Why reported money cannot be posted as it is (to `team` as read), or null when it can. */
function refusal(deps: EventDeps, money: MoneyIn, team: Team | null): string | null {
  if (!team) return `no team ${money.teamId} in this Tally`;
  if (money.currency !== deps.invoicing.currency)
    return `paid in ${money.currency}, but credits are counted in ${deps.invoicing.currency}`;
  return null;
}

/**
 * A paid payment Tally cannot post (its team was deleted, the currency changed since): nothing is
 * credited, and the operators are told, to refund it or post it by hand.
 */
async function tellOperatorsNow(deps: EventDeps, money: MoneyIn, why: string) {
  deps.log.error('a card payment could not be posted', { payment: money.id, team: money.teamId, why });
  const paid = formatMoney(money.amountCents, money.currency);
  await notifyIdentities(
    deps,
    deps.operators.identities,
    reply(md`A card payment of *${paid}* for team \`${money.teamId}\` was not added: ${why}. Refund it or post it.`, {
      tone: 'error',
      title: 'Card payment not posted',
      fields: [{ label: 'Payment', value: money.reference }],
    }),
    { teamId: money.teamId, key: `payment-refused:${money.id}` },
  );
}

/** Posts reported money with `post`, or refuses it and tells the operators; an outage is thrown, to try again. */
async function moneyIn(
  deps: EventDeps,
  money: MoneyIn,
  post: (team: Team) => Promise<PaymentMessage>,
): Promise<EventOutcome> {
  const team = await deps.db.team.findUnique({ where: { id: money.teamId } });
  const why = refusal(deps, money, team);
  try {
    if (why || !team) throw new Error(why ?? '');
    return { outcome: 'posted', told: await post(team) };
  } catch (error) {
    if (!why && !isTallyError(error)) throw error;
    await tellOperatorsNow(deps, money, (error as Error).message);
    return { outcome: `refused: ${(error as Error).message}` };
  }
}

async function act(deps: EventDeps, news: PaymentNews): Promise<EventOutcome> {
  switch (news.kind) {
    case 'ignored':
      return { outcome: `ignored: ${news.why}` };
    case 'refunded':
      return { outcome: await takeBackRefund(deps, news) };
    case 'disputed':
      return { outcome: await tellOfDispute(deps, news) };
    case 'paid':
      return moneyIn(deps, { ...news, id: news.sessionId }, (team) => postCardPayment(deps, news, team));
    case 'autopay_paid':
      return moneyIn(deps, { ...news, reference: news.paymentReference, id: news.chargeId }, () =>
        postAutopayPayment(deps, news),
      );
    case 'autopay_failed':
    case 'card_saved':
      return actOnAutopay(deps, news);
    default: {
      const team = await deps.db.team.findUnique({ where: { id: news.teamId } });
      if (!team) return { outcome: `ignored: no team ${news.teamId} in this Tally` };
      const message = unpaidMessage(news, team);
      return {
        outcome: news.payerId ? 'told the payer' : 'nobody to tell',
        told: {
          teamId: news.teamId,
          payerId: news.payerId,
          toChannel: false,
          key: `payment-${news.kind}:${news.sessionId}`,
          message,
        },
      };
    }
  }
}

/**
 * Acts on one stored event unless it was processed: posts a payment (a payment page's or an
 * automatic top-up's), tells the payer of a failed or expired one, takes back a refund, tells the
 * operators of a dispute, saves a card, counts a failed automatic charge, or notes why it was
 * ignored. Its messages are queued in the transaction that marks it processed. Safe to run for the
 * same event at once, or after a crash half-way: a top-up is keyed by what paid it, the messages
 * by their recipients, a refund by the credit notes already issued, a failure by its charge.
 */
export async function processPaymentEvent(deps: EventDeps, id: string, read: ReadPaymentEvent): Promise<string | null> {
  const event = await deps.db.paymentEvent.findUnique({ where: { id } });
  if (!event || event.processedAt) return event?.outcome ?? null;
  const { outcome, told } = await act(deps, read(event.payload));
  const at = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    if (told) await insertOutboxRows(tx, await messagesFor(tx, told, at));
    await tx.paymentEvent.updateMany({ where: { id, processedAt: null }, data: { processedAt: at, outcome } });
  });
  return outcome;
}

/** An event younger than this is left to the delivery that stored it, which is processing it now. */
export const PAYMENT_EVENT_GRACE_MS = 30_000;

/**
 * The events left unprocessed (a crash between answering and processing, an outage), oldest first:
 * at start-up and by a job. One query finds them; each is processed as a delivery would.
 */
export async function processPaymentEvents(deps: EventDeps, read: ReadPaymentEvent, limit = 100) {
  const before = new Date(deps.clock.now().getTime() - PAYMENT_EVENT_GRACE_MS);
  const pending = await deps.db.paymentEvent.findMany({
    where: { processedAt: null, receivedAt: { lte: before } },
    orderBy: { receivedAt: 'asc' },
    select: { id: true },
    take: limit,
  });
  let processed = 0;
  for (const { id } of pending) {
    try {
      await processPaymentEvent(deps, id, read);
      processed++;
    } catch (error) {
      deps.log.error('processing a payment event failed', { event: id, error: (error as Error).message });
    }
  }
  return { processed, left: pending.length - processed };
}
