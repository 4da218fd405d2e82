import type { Deps } from '../deps.ts';
import { isTallyError, TallyError } from '../errors.ts';
import { formatMoney } from '../money.ts';
import type { CardCheckout, CheckoutLink } from '../ports/payments.ts';
import type { TeamContext } from '../teams/team-context.ts';
import type { Actor } from '../users/ensure-user.ts';
import { checkBalanceRoom } from './top-up.ts';

/** The amount within what one card payment may add (TALLY_TOPUP_MIN, TALLY_TOPUP_MAX), or why not. */
function checkLimits(checkout: CardCheckout, amountCents: number, currency: string) {
  const { minCents, maxCents } = checkout.limits;
  if (amountCents >= minCents && amountCents <= maxCents) return;
  throw new TallyError(
    'top_up_limit',
    `One card payment adds between ${formatMoney(minCents, currency)} and ${formatMoney(maxCents, currency)}, ` +
      `not ${formatMoney(amountCents, currency)}.`,
  );
}

/**
 * A billing role's `/credits add` with a card processor: a payment page for the amount, nothing
 * posted yet. The top-up is posted when the processor reports the payment (payment-events.ts),
 * keyed by the page's id. The chat event's key makes one page however often the event repeats.
 * No transaction here: the processor is called over the network.
 */
export async function startCardTopUp(
  deps: Pick<Deps, 'payments' | 'invoicing' | 'log'>,
  payer: Actor,
  ctx: TeamContext<'billing.manage'>,
  amountCents: number,
  idempotencyKey: string,
): Promise<CheckoutLink> {
  const checkout = deps.payments.checkout;
  if (!checkout) throw new Error('startCardTopUp needs a card processor (payments.checkout)');
  const { currency } = deps.invoicing;
  checkLimits(checkout, amountCents, currency);
  checkBalanceRoom(ctx, amountCents);
  try {
    return await checkout.startCheckout({
      teamId: ctx.team.id,
      teamName: ctx.team.name,
      amountCents,
      currency,
      payer: { userId: payer.userId, displayName: payer.displayName },
      idempotencyKey,
    });
  } catch (error) {
    if (isTallyError(error)) throw error;
    deps.log.error('the card processor refused a payment page', { team: ctx.team.id, error: (error as Error).message });
    throw new TallyError(
      'payments_unavailable',
      'The card processor did not give a payment page, so nothing was charged. Try again in a minute; ' +
        'if it keeps failing, tell whoever runs this Tally.',
    );
  }
}
