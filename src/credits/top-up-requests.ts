import { dmRows, insertOutboxRows, type OutboxMessageInput, queueUserDms } from '../alerts/outbox.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DAY } from '../clock.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { formatTime } from '../format.ts';
import { formatCents } from '../money.ts';
import { requireOperator } from '../operators/operators.ts';
import type { IdentityRef } from '../ports/notifier.ts';
import { button, reply, success } from '../reply.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';
import type { Actor } from '../users/ensure-user.ts';
import { checkBalanceRoom, postTopUp } from './top-up.ts';

/** How long operators have to answer a request: a bank transfer takes a few working days. */
export const TOP_UP_REQUEST_LIFETIME_MS = 7 * DAY;

const withPeople = { team: true, requester: true, decidedBy: true } as const;

/**
 * Queues `message` in the outbox for each identity, in the caller's transaction: the DMs exist
 * exactly when what they tell of does. Keyed per recipient, so queuing them again adds nothing.
 */
async function queueDms(tx: Tx, identities: readonly IdentityRef[], dm: OutboxMessageInput) {
  await insertOutboxRows(tx, dmRows(identities, dm));
}

/**
 * A billing role's `/credits add`: no money has reached anyone yet, so it is a request every
 * operator gets by DM with *Approve* and *Decline*, queued with the request itself. The chat
 * event's id makes it once.
 */
export async function requestTopUp(
  deps: Deps,
  asker: Actor,
  ctx: TeamContext<'billing.manage'>,
  amountCents: number,
  idempotencyKey: string,
) {
  if (deps.operators.identities.length === 0)
    throw new TallyError(
      'no_operators',
      'Credits are added by the people who run this Tally (its operators), and none is set up yet ' +
        '(TALLY_OPERATORS). Ask whoever runs it.',
    );
  checkBalanceRoom(ctx, amountCents);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + TOP_UP_REQUEST_LIFETIME_MS);
  let request: Awaited<ReturnType<typeof findRequest>>;
  try {
    request = await deps.db.$transaction(async (tx) => {
      const created = await tx.topUpRequest.create({
        data: {
          teamId: ctx.team.id,
          amountCents,
          requesterId: asker.userId,
          idempotencyKey,
          expiresAt,
          createdAt: now,
        },
        include: withPeople,
      });
      await recordAudit(tx, {
        teamId: ctx.team.id,
        actorId: asker.userId,
        action: 'credits.topup_request',
        target: formatCents(amountCents),
        at: now,
      });
      await queueDms(tx, deps.operators.identities, {
        teamId: ctx.team.id,
        key: `topup-request:${created.id}`,
        message: requestMessage(created),
        at: now,
      });
      return created;
    });
  } catch (error) {
    // A repeated chat event: the request it made stands, and its DMs to the operators were queued with it.
    if (!isUniqueViolation(error)) throw error;
    const first = await deps.db.topUpRequest.findUniqueOrThrow({ where: { idempotencyKey }, include: withPeople });
    return { request: first, replayed: true };
  }
  return { request, replayed: false };
}

type Request = Awaited<ReturnType<typeof findRequest>>;

function requestMessage(request: Request) {
  const amount = formatCents(request.amountCents);
  const asks = md`${request.requester.displayName} asks to add *${amount}* credits to *${request.team.name}*.`;
  return reply(md`${asks} Approve once the money has reached you; decline with a reason otherwise.`, {
    tone: 'warning',
    title: 'Top-up to approve',
    fields: [
      { label: 'Amount', value: amount },
      { label: 'Team', value: md`${request.team.name} (\`${request.team.id}\`)` },
      { label: 'Asked by', value: request.requester.displayName },
      { label: 'Expires', value: formatTime(request.expiresAt) },
    ],
    buttons: requestButtons(request.id),
  });
}

/** An operator's *Approve* and *Decline* (a form for the reason) of one request: its DM's, and the list's. */
export function requestButtons(requestId: string) {
  return [
    button('Approve', 'credits approve', { request: requestId }, { style: 'primary' }),
    button('Decline', 'credits decline', { request: requestId }, { style: 'danger', form: true }),
  ];
}

async function findRequest(db: Deps['db'] | Tx, requestId: string) {
  const request = await db.topUpRequest.findUnique({ where: { id: requestId }, include: withPeople });
  if (!request) throw new TallyError('top_up_request_unknown', 'That top-up request does not exist any more.');
  return request;
}

/** Why a request is no longer pending, for the operator who pressed too late. */
function alreadyAnswered(request: Request, now: Date): TallyError {
  const what = md`The request to add ${formatCents(request.amountCents)} credits to *${request.team.name}*`;
  const by = request.decidedBy?.displayName ?? 'an operator';
  const when = request.decidedAt ? formatTime(request.decidedAt) : '';
  if (request.status === 'approved')
    return new TallyError('top_up_request_answered', md`${what} was already approved by ${by} at ${when}.`);
  if (request.status === 'declined')
    return new TallyError('top_up_request_answered', md`${what} was already declined by ${by} at ${when}.`);
  const expired = request.status === 'expired' || request.expiresAt <= now;
  return new TallyError(
    expired ? 'top_up_request_expired' : 'top_up_request_answered',
    md`${what} expired at ${formatTime(request.expiresAt)}; the billing role can ask again.`,
  );
}

/**
 * Posts an approved request's top-up, keyed by the request's id: whoever posts it, whenever, it is
 * posted once, naming the operator who approved it. The asker's DM is queued with the posting, so
 * it exists once, and only when the approval stands (a posting that fails reverts the approval).
 */
function postApproved(deps: Deps, request: Request) {
  const approver = request.decidedBy?.displayName ?? 'an operator';
  return postTopUp(
    deps,
    {
      teamId: request.teamId,
      amountCents: request.amountCents,
      idempotencyKey: `request:${request.id}`,
      method: 'manual',
      reference: `approved by operator ${approver}`,
      actorId: request.decidedById,
      requestedBy: request.requester.displayName,
    },
    (tx, { invoice }) =>
      queueUserDms(tx, request.requesterId, {
        teamId: request.teamId,
        key: `topup-approved:${request.id}`,
        message: approvedMessage(request, approver, invoice.number),
        at: invoice.createdAt,
      }),
  );
}

function approvedMessage(request: Request, approver: string, invoiceNumber: string) {
  const added = md`*${formatCents(request.amountCents)}* credits were added to *${request.team.name}*`;
  return success(md`${approver} approved your top-up: ${added}. Invoice ${invoiceNumber}.`, {
    title: 'Top-up approved',
    buttons: [
      button(`Invoice ${invoiceNumber}`, 'credits invoice', {
        team: request.teamId,
        number: invoiceNumber,
      }),
    ],
  });
}

/**
 * An operator's *Approve*. The conditional update (still pending, not expired) is the whole race:
 * of two operators pressing at once exactly one moves it, and only then is money posted, after
 * that statement has committed. The other is told who approved it.
 */
export async function approveTopUp(deps: Deps, operator: Actor, requestId: string) {
  requireOperator(deps, operator, 'approve a top-up');
  const now = deps.clock.now();
  const { count } = await deps.db.topUpRequest.updateMany({
    where: { id: requestId, status: 'pending', expiresAt: { gt: now } },
    data: { status: 'approved', decidedById: operator.userId, decidedAt: now },
  });
  const request = await findRequest(deps.db, requestId);
  if (count === 0) {
    // Approved before, perhaps by a process that died before posting: posting again replays or completes it.
    if (request.status === 'approved') await postApproved(deps, request);
    throw alreadyAnswered(request, now);
  }
  let posted: Awaited<ReturnType<typeof postTopUp>>;
  try {
    posted = await postApproved(deps, request);
  } catch (error) {
    // Nothing was posted (the team was deleted, the balance is full): the request waits again.
    await deps.db.topUpRequest.updateMany({
      where: { id: requestId, status: 'approved', decidedById: operator.userId },
      data: { status: 'pending', decidedById: null, decidedAt: null },
    });
    throw error;
  }
  return { request, ...posted };
}

function declinedMessage(request: Request, decliner: string, reason: string | undefined) {
  const what = md`your request to add *${formatCents(request.amountCents)}* credits to *${request.team.name}*`;
  const why = reason ? md`: ${reason}` : md`, without giving a reason.`;
  return reply(md`${decliner} declined ${what}${why}`, { tone: 'warning', title: 'Top-up declined' });
}

/** An operator's *Decline*, with a reason the asker is told, queued with the decision. */
export async function declineTopUp(deps: Deps, operator: Actor, requestId: string, reason: string | undefined) {
  requireOperator(deps, operator, 'decline a top-up');
  const now = deps.clock.now();
  const request = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.topUpRequest.updateMany({
      where: { id: requestId, status: 'pending', expiresAt: { gt: now } },
      data: { status: 'declined', decidedById: operator.userId, decidedAt: now, declineReason: reason ?? null },
    });
    const found = await findRequest(tx, requestId);
    if (count === 0) throw alreadyAnswered(found, now);
    await recordAudit(tx, {
      teamId: found.teamId,
      actorId: operator.userId,
      action: 'credits.topup_decline',
      target: formatCents(found.amountCents),
      details: { requester: found.requester.displayName, ...(reason && { reason }) },
      at: now,
    });
    await queueUserDms(tx, found.requesterId, {
      teamId: found.teamId,
      key: `topup-declined:${found.id}`,
      message: declinedMessage(found, operator.displayName, reason),
      at: now,
    });
    return found;
  });
  return request;
}
