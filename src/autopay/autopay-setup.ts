import { recordAudit } from '../audit/record-audit.ts';
import { DAY } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import type { Autopay } from '../generated/prisma/client.ts';
import { formatCents, formatMoney, MAX_BALANCE_CENTS } from '../money.ts';
import type { CardAutopay, CheckoutLink } from '../ports/payments.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';
import type { Actor } from '../users/ensure-user.ts';
import { wakeAutopay } from './autopay-outcomes.ts';
import { cardSetupLink } from './card-link.ts';

type SetupDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'invoicing' | 'payments'>;

const ADD_INSTEAD = md`Use \`/credits add\` instead.`;
const EXAMPLE = md`\`/credits autopay 50 below:20\``;

/** The processor's automatic top-up, or the polite refusal of a Tally that takes no cards. */
export function autopayOf(deps: Pick<Deps, 'payments'>): CardAutopay {
  const autopay = deps.payments.autopay;
  if (!autopay)
    throw new TallyError(
      'autopay_unavailable',
      md`Automatic top-up charges a saved card, and this Tally takes no card payments. ${ADD_INSTEAD}`,
    );
  return autopay;
}

function checkTerms(deps: SetupDeps, amountCents: number, thresholdCents: number) {
  const limits = deps.payments.checkout?.limits;
  const { currency } = deps.invoicing;
  if (limits && (amountCents < limits.minCents || amountCents > limits.maxCents))
    throw new TallyError(
      'top_up_limit',
      `One automatic top-up adds between ${formatMoney(limits.minCents, currency)} and ` +
        `${formatMoney(limits.maxCents, currency)}, not ${formatMoney(amountCents, currency)}.`,
    );
  if (thresholdCents <= 0 || thresholdCents + amountCents > MAX_BALANCE_CENTS)
    throw new TallyError(
      'invalid_threshold',
      `below: must be more than 0 and leave room for the top-up under the most a balance holds ` +
        `(${formatCents(MAX_BALANCE_CENTS)}), not ${formatCents(thresholdCents)}.`,
    );
}

/** Failures the processor gave while making a page: nothing changed, said plainly. */
function processorDown(deps: SetupDeps, teamId: string, error: Error): TallyError {
  deps.log.error('the card processor refused a card-saving page', { team: teamId, error: error.message });
  return new TallyError(
    'payments_unavailable',
    'The card processor did not give a page to save a card, so nothing changed. Try again in a minute; ' +
      'if it keeps failing, tell whoever runs this Tally.',
  );
}

type Terms = { amountCents: number; thresholdCents: number };

export type AutopaySetup = { terms: Terms } & (
  | { kind: 'updated'; autopay: Autopay }
  | { kind: 'card_needed'; link: CheckoutLink }
);

/**
 * `/credits autopay <amount> below:<threshold>`: with a card saved (on, or turned off by a person),
 * the new terms apply at once; otherwise a page to save a card, and automatic top-up turns on when
 * the processor reports the card saved. A card that failed until autopay turned off is not reused.
 */
export async function setAutopay(
  deps: SetupDeps,
  actor: Actor,
  ctx: TeamContext<'billing.manage'>,
  asked: Partial<Terms>,
  idempotencyKey: string,
): Promise<AutopaySetup> {
  const autopay = autopayOf(deps);
  const teamId = ctx.team.id;
  const current = await deps.db.autopay.findUnique({ where: { teamId } });
  // One term alone changes that one of what is set; the first time needs both.
  const amountCents = asked.amountCents ?? current?.amountCents;
  const thresholdCents = asked.thresholdCents ?? current?.thresholdCents;
  if (amountCents === undefined || thresholdCents === undefined)
    throw new TallyError('invalid_amount', md`Give both the amount and the threshold, like ${EXAMPLE}.`);
  const terms = { amountCents, thresholdCents };
  checkTerms(deps, amountCents, thresholdCents);
  const at = deps.clock.now();
  const audit = {
    teamId,
    actorId: actor.userId,
    action: 'credits.autopay',
    target: `${formatCents(terms.amountCents)} below ${formatCents(terms.thresholdCents)}`,
    at,
  };
  if (current?.cardRef && (current.status === 'on' || !current.offReason)) {
    const updated = await deps.db.$transaction(async (tx) => {
      const saved = await tx.autopay.update({
        where: { teamId },
        // New terms start afresh: armed, so a balance already below them is topped up now.
        data: { ...terms, status: 'on', armed: true, setupSessionRef: null, setById: actor.userId, updatedAt: at },
      });
      await recordAudit(tx, audit);
      await wakeAutopay(tx); // the balance may be below the new threshold already
      return saved;
    });
    return { kind: 'updated', autopay: updated, terms };
  }
  const made = await cardSetupLink(deps, autopay, ctx.team, actor, current?.customerRef ?? null, idempotencyKey).catch(
    (error: Error) => {
      throw processorDown(deps, teamId, error);
    },
  );
  await deps.db.$transaction(async (tx) => {
    const pending = {
      ...terms,
      status: current?.status === 'on' ? ('on' as const) : ('awaiting_card' as const),
      setById: actor.userId,
      customerRef: made.customerRef,
      setupSessionRef: made.link.sessionId,
      updatedAt: at,
    };
    await tx.autopay.upsert({ where: { teamId }, create: { teamId, ...pending }, update: pending });
    await recordAudit(tx, audit);
  });
  return { kind: 'card_needed', link: made.link, terms };
}

/** `/credits autopay card`: a page to save another card for the terms already set. */
export async function replaceAutopayCard(
  deps: SetupDeps,
  actor: Actor,
  ctx: TeamContext<'billing.manage'>,
  idempotencyKey: string,
): Promise<CheckoutLink> {
  const autopay = autopayOf(deps);
  const teamId = ctx.team.id;
  const current = await deps.db.autopay.findUnique({ where: { teamId } });
  if (!current)
    throw new TallyError(
      'autopay_not_set',
      md`Automatic top-up is not set up yet: choose the amount and the threshold, like ${EXAMPLE}.`,
    );
  const made = await cardSetupLink(deps, autopay, ctx.team, actor, current.customerRef, idempotencyKey).catch(
    (error: Error) => {
      throw processorDown(deps, teamId, error);
    },
  );
  await deps.db.autopay.update({
    where: { teamId },
    data: { setupSessionRef: made.link.sessionId, customerRef: made.customerRef, updatedAt: deps.clock.now() },
  });
  return made.link;
}

/**
 * `/credits autopay off`: no further charges; a charge not yet sent is cancelled (one already with
 * the processor settles as it will, and its money is posted). Card and customer are kept, so
 * `/credits autopay <amount> below:<threshold>` turns it on again without a new card.
 */
export async function turnAutopayOff(deps: SetupDeps, actor: Actor, ctx: TeamContext<'billing.manage'>) {
  const teamId = ctx.team.id;
  const at = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const [off] = await tx.autopay.updateManyAndReturn({
      where: { teamId, status: { not: 'off' } },
      data: { status: 'off', setupSessionRef: null, offReason: null, updatedAt: at },
    });
    if (!off) return null;
    const cancelled = await tx.autopayCharge.updateManyAndReturn({
      where: { teamId, status: 'queued' },
      data: { status: 'cancelled', settledAt: at, failure: 'automatic top-up was turned off' },
    });
    if (cancelled.length)
      await tx.autopay.updateMany({
        where: { teamId, chargeInFlight: { in: cancelled.map((c) => c.id) } },
        data: { chargeInFlight: null },
      });
    await recordAudit(tx, { teamId, actorId: actor.userId, action: 'credits.autopay_off', at });
    return off;
  });
}

/** What `/credits autopay` shows: the settings, the card, and the charges of the last 24 hours. */
export async function autopayState(deps: Pick<Deps, 'db' | 'clock'>, teamId: string) {
  const since = new Date(deps.clock.now().getTime() - DAY);
  const [settings, recent] = await Promise.all([
    deps.db.autopay.findUnique({ where: { teamId } }),
    deps.db.autopayCharge.findMany({ where: { teamId, createdAt: { gt: since } }, orderBy: { createdAt: 'desc' } }),
  ]);
  return { settings, recent };
}
