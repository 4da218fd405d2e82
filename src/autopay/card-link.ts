import type { Deps } from '../deps.ts';
import type { CardAutopay, CheckoutLink } from '../ports/payments.ts';

/**
 * A page to save a card on the team's customer at the processor, making the customer first if the
 * team has none yet. Network: never inside a transaction. The caller keeps `customerRef` and the
 * page's id (`setupSessionRef`), so that only this page turns automatic top-up on.
 */
export async function cardSetupLink(
  deps: Pick<Deps, 'invoicing'>,
  autopay: CardAutopay,
  team: { id: string; name: string },
  payer: { userId: string; displayName: string },
  customerRef: string | null,
  idempotencyKey: string,
): Promise<{ link: CheckoutLink; customerRef: string }> {
  const customer = customerRef ?? (await autopay.customerFor(team));
  const link = await autopay.startCardSetup({
    teamId: team.id,
    teamName: team.name,
    currency: deps.invoicing.currency,
    payer,
    customerRef: customer,
    idempotencyKey,
  });
  return { link, customerRef: customer };
}
