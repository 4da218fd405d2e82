import { MINUTE } from '../clock.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { plural } from '../format.ts';
import { formatCents } from '../money.ts';
import { type Reply, reply } from '../reply.ts';
import { md, readStoredText, storedText, type Text } from '../rich-text.ts';
import { billingButtons } from './billing-buttons.ts';
import { enqueueAlert } from './outbox.ts';

export const DIGEST_WINDOW_MS = 10 * MINUTE;

interface DigestState {
  name: string;
  checkoutNoticeAt: Date | null;
  checkoutUnreported: number;
  checkoutLastFailure: string | null;
}

const lockTeam = async (tx: Tx, teamId: string) =>
  (
    await tx.$queryRaw<DigestState[]>`
      SELECT name, "checkoutNoticeAt", "checkoutUnreported", "checkoutLastFailure"
      FROM "Team" WHERE id = ${teamId} FOR UPDATE`
  )[0];

const repeatsNote = (count: number): Text =>
  count > 0 ? ` (${plural(count, 'more failed checkout', 'more failed checkouts')} since the last notice)` : '';

function notice(teamId: string, text: Text): Reply {
  return reply(text, {
    tone: 'warning',
    title: 'Checkout failed',
    buttons: billingButtons(teamId),
  });
}

async function sendNotice(tx: Tx, teamId: string, text: Text, at: Date, exceptUserId?: string) {
  await tx.team.update({
    where: { id: teamId },
    data: { checkoutNoticeAt: at, checkoutUnreported: 0, checkoutLastFailure: null },
  });
  await enqueueAlert(tx, {
    teamId,
    alertKey: `checkout-failed:${teamId}:${at.getTime()}`,
    message: notice(teamId, text),
    at,
    ...(exceptUserId && { exceptUserId }),
  });
}

/**
 * Tells the team's billing roles that a checkout failed, at most once per team per 10 minutes:
 * a failure at least 10 minutes after the last notice is announced at once, with how many failed
 * in between; the ones inside the window are counted on the team row (locked, so two failures at
 * the same moment are one notice and one repeat) for the next notice or the scan's digest.
 */
export async function announceCheckoutFailure(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: {
    teamId: string;
    teamName: string;
    actorId: string;
    who: string;
    what: string;
    neededCents: number;
    balanceCents: number;
  },
): Promise<void> {
  const now = deps.clock.now();
  const needs = md`needs ${formatCents(input.neededCents)}, balance ${formatCents(input.balanceCents)}.`;
  const failure = md`${input.who} tried to launch ${input.what} in *${input.teamName}*: ${needs}`;
  await deps.db.$transaction(async (tx) => {
    const team = await lockTeam(tx, input.teamId);
    if (!team) return;
    if (team.checkoutNoticeAt && now.getTime() - team.checkoutNoticeAt.getTime() < DIGEST_WINDOW_MS) {
      await tx.team.update({
        where: { id: input.teamId },
        data: { checkoutUnreported: { increment: 1 }, checkoutLastFailure: storedText(failure) },
      });
      return;
    }
    // The person who tried was answered at once: the notice is for the others.
    await sendNotice(tx, input.teamId, md`${failure}${repeatsNote(team.checkoutUnreported)}`, now, input.actorId);
  });
}

/**
 * For the scan: failures counted inside a window that has closed with no later failure to carry
 * them would never be told; they go out as one digest naming the latest.
 */
export async function flushCheckoutDigests(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.team.findMany({
    where: {
      deletedAt: null,
      checkoutUnreported: { gt: 0 },
      checkoutNoticeAt: { lte: new Date(now.getTime() - DIGEST_WINDOW_MS) },
    },
    select: { id: true },
  });
  let sent = 0;
  for (const { id } of due) {
    await deps.db.$transaction(async (tx) => {
      const team = await lockTeam(tx, id);
      if (
        !team ||
        team.checkoutUnreported === 0 ||
        !team.checkoutNoticeAt ||
        now.getTime() - team.checkoutNoticeAt.getTime() < DIGEST_WINDOW_MS
      )
        return;
      const count = team.checkoutUnreported;
      const latest = team.checkoutLastFailure ? readStoredText(team.checkoutLastFailure) : 'unknown';
      const failures = plural(count, 'more failed checkout', 'more failed checkouts');
      await sendNotice(tx, id, md`${failures} in *${team.name}* since the last notice. The latest: ${latest}`, now);
      sent++;
    });
  }
  return sent;
}
