import { alertChannelOf } from '../alerts/alert-channel.ts';
import { insertOutboxRows, type OutboxRow } from '../alerts/outbox.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { isTallyError } from '../errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { formatCents, formatMoney } from '../money.ts';
import { notifyIdentities } from '../notify.ts';
import type { PaymentNews, ReadPaymentEvent } from '../ports/payments.ts';
import { button, type Reply, reply, success } from '../reply.ts';
import { md } from '../rich-text.ts';
import { takeBackRefund, tellOfDispute } from './card-refunds.ts';
import { postTopUp } from './top-up.ts';

type EventDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing' | 'notifier' | 'operators'>;

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

/** The payer's DMs (every platform they use) and, when `toChannel`, the team's alert channel. */
async function payerAndChannel(tx: Tx, teamId: string, payerId: string | null, toChannel: boolean) {
  const identities = payerId ? await tx.identity.findMany({ where: { userId: payerId } }) : [];
  const rows = identities.map((i) => ({
    platform: i.platform,
    workspaceId: i.workspaceId,
    recipient: i.platformUserId,
    toChannel: false,
  }));
  const team = toChannel ? await tx.team.findUnique({ where: { id: teamId } }) : null;
  const channel = team && alertChannelOf(team);
  if (channel)
    rows.push({
      platform: channel.platform,
      workspaceId: channel.workspaceId,
      recipient: channel.channelId,
      toChannel: true,
    });
  return rows;
}

/** Outbox rows for one message, keyed per recipient: queued again, nothing is added. */
async function messagesFor(tx: Tx, news: Paid | Unpaid, key: string, message: Reply, at: Date): Promise<OutboxRow[]> {
  const recipients = await payerAndChannel(tx, news.teamId, news.payerId, news.kind === 'paid');
  return recipients.map((r) => ({
    ...r,
    key: `${key}:${r.platform}:${r.toChannel ? '#' : '@'}${r.recipient}`,
    teamId: news.teamId,
    message,
    at,
  }));
}

/**
 * Money arrived: the top-up and its invoice, posted once under the payment page's id, whichever
 * of its events (and however many deliveries of them) reports it.
 */
async function postCardPayment(deps: EventDeps, news: Paid) {
  const posted = await postTopUp(deps, {
    teamId: news.teamId,
    amountCents: news.amountCents,
    idempotencyKey: `card:${news.sessionId}`,
    method: 'card',
    reference: news.reference,
    actorId: null,
  });
  const team = await deps.db.team.findUniqueOrThrow({ where: { id: news.teamId } });
  const { entry, invoice } = posted;
  const added = md`*+${formatCents(entry.amountCents)}* credits for *${team.name}*`;
  return success(md`Payment received: ${added}. Balance: *${formatCents(entry.balanceAfterCents)}*.`, {
    title: 'Payment received',
    fields: [
      { label: 'Paid', value: formatMoney(invoice.amountCents, invoice.currency) },
      { label: 'Invoice', value: invoice.number },
    ],
    buttons: [button(`Invoice ${invoice.number}`, 'credits invoice', { team: team.id, number: invoice.number })],
  });
}

const TRY_AGAIN = md`Try \`/credits add\` again.`;

async function unpaidMessage(deps: EventDeps, news: Unpaid): Promise<Reply> {
  const team = await deps.db.team.findUniqueOrThrow({ where: { id: news.teamId } });
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

/** Why a reported payment cannot be posted as it is, or null when it can. */
async function refusal(deps: EventDeps, news: Paid): Promise<string | null> {
  if (!(await deps.db.team.findUnique({ where: { id: news.teamId } }))) return `no team ${news.teamId} in this Tally`;
  if (news.currency !== deps.invoicing.currency)
    return `paid in ${news.currency}, but credits are counted in ${deps.invoicing.currency}`;
  return null;
}

/**
 * A paid payment Tally cannot post (its team was deleted, the currency changed since): nothing is
 * credited, and the operators are told, to refund it or post it by hand.
 */
async function tellOperators(deps: EventDeps, news: Paid, why: string) {
  deps.log.error('a card payment could not be posted', { session: news.sessionId, team: news.teamId, why });
  const paid = formatMoney(news.amountCents, news.currency);
  await notifyIdentities(
    deps,
    deps.operators.identities,
    reply(md`A card payment of *${paid}* for team \`${news.teamId}\` was not added: ${why}. Refund it or post it.`, {
      tone: 'error',
      title: 'Card payment not posted',
      fields: [{ label: 'Payment', value: news.reference }],
    }),
    { teamId: news.teamId, key: `payment-refused:${news.sessionId}` },
  );
}

/**
 * Acts on one stored event unless it was processed: posts a payment, tells the payer of a failed
 * or expired one, takes back a refund, tells the operators of a dispute, or notes why it was
 * ignored. Its messages are queued in the transaction that marks it processed. Safe to run for the
 * same event at once, or after a crash half-way: the top-up is keyed by the payment page, the
 * messages by their recipients, a refund by the credit notes already issued.
 */
export async function processPaymentEvent(deps: EventDeps, id: string, read: ReadPaymentEvent): Promise<string | null> {
  const event = await deps.db.paymentEvent.findUnique({ where: { id } });
  if (!event || event.processedAt) return event?.outcome ?? null;
  const news = read(event.payload);
  let outcome: string;
  let told: { news: Paid | Unpaid; key: string; message: Reply } | undefined;
  switch (news.kind) {
    case 'ignored':
      outcome = `ignored: ${news.why}`;
      break;
    case 'refunded':
      outcome = await takeBackRefund(deps, news);
      break;
    case 'disputed':
      outcome = await tellOfDispute(deps, news);
      break;
    case 'paid': {
      const why = await refusal(deps, news);
      try {
        if (why) throw new Error(why);
        told = { news, key: `payment-received:${news.sessionId}`, message: await postCardPayment(deps, news) };
        outcome = 'posted';
      } catch (error) {
        if (!why && !isTallyError(error)) throw error; // an outage: processed again later
        outcome = `refused: ${(error as Error).message}`;
        await tellOperators(deps, news, (error as Error).message);
      }
      break;
    }
    case 'card_saved':
    case 'autopay_paid':
    case 'autopay_failed':
      // Automatic top-up is being built: until it is, its events are kept and noted, not acted on.
      outcome = `ignored: ${news.kind} arrives before automatic top-up is on`;
      break;
    default:
      if (!(await deps.db.team.findUnique({ where: { id: news.teamId } }))) {
        outcome = `ignored: no team ${news.teamId} in this Tally`;
        break;
      }
      told = { news, key: `payment-${news.kind}:${news.sessionId}`, message: await unpaidMessage(deps, news) };
      outcome = news.payerId ? 'told the payer' : 'nobody to tell';
  }
  const at = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    if (told) await insertOutboxRows(tx, await messagesFor(tx, told.news, told.key, told.message, at));
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
