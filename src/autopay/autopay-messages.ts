import { paymentPostedReply } from '../credits/payment-reply.ts';
import type { Invoice, LedgerEntry } from '../generated/prisma/client.ts';
import { formatCents, formatMoney } from '../money.ts';
import { type Button, linkButton, type Reply, reply, success } from '../reply.ts';
import { md, type Rich } from '../rich-text.ts';

/** What the messages say of a team's automatic top-up. */
export interface AutopayTerms {
  amountCents: number;
  thresholdCents: number;
}

export const terms = (a: AutopayTerms) =>
  md`*${formatCents(a.amountCents)}* credits whenever the balance falls below *${formatCents(a.thresholdCents)}*`;

export function autopayPosted(
  team: { id: string; name: string },
  posted: { entry: LedgerEntry; invoice: Invoice },
  cardLabel: string | null,
): Reply {
  const card = cardLabel ? md`, charged to ${cardLabel}` : '';
  return paymentPostedReply('Automatic top-up', 'Automatic top-up', team, posted, card);
}

export interface FailedCharge {
  teamName: string;
  amountCents: number;
  currency: string;
  /** The processor's words: "Your card was declined." */
  reason: string;
  /** Set when this failure turned automatic top-up off: how many failed in a row. */
  turnedOffAfter: number | null;
  terms: AutopayTerms;
  /** A page to save another card, when the processor gave one. */
  fixUrl: string | null;
}

export function autopayFailed(f: FailedCharge): Reply {
  const what = md`The automatic top-up of *${formatMoney(f.amountCents, f.currency)}* for *${f.teamName}*`;
  const off: Rich | string =
    f.turnedOffAfter === null
      ? md`It is tried again the next time the balance falls below *${formatCents(f.terms.thresholdCents)}*.`
      : md`After ${f.turnedOffAfter} failed charges in a row, automatic top-up is now *off*.`;
  const fix = f.fixUrl
    ? md`Save a working card with the button below`
    : md`Save a working card with \`/credits autopay card\``;
  const buttons: Button[] = f.fixUrl ? [linkButton('Update the card', f.fixUrl)] : [];
  return reply(md`${what} did not go through: ${f.reason} No credits were added. ${off} ${fix}.`, {
    tone: f.turnedOffAfter === null ? 'warning' : 'error',
    title: 'Automatic top-up failed',
    buttons,
  });
}

export function cardSaved(teamName: string, cardLabel: string, a: AutopayTerms, belowNow: boolean): Reply {
  const now = belowNow ? md` The balance is below that now, so the first top-up is on its way.` : '';
  return success(md`Card saved: ${cardLabel}. *${teamName}* now tops up ${terms(a)}.${now}`, {
    title: 'Automatic top-up on',
  });
}
