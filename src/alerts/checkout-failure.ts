import { MINUTE } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { formatCents } from '../money.ts';
import { button, reply } from '../reply.ts';
import { enqueueAlert } from './outbox.ts';

export const DIGEST_WINDOW_MS = 10 * MINUTE;

/**
 * Tells the team's billing roles that a checkout failed, at most once per team per 10 minutes:
 * the first failure of a window is announced, with how many failed since the previous notice.
 * (Each failure is in the audit log; the window key makes repeats add nothing to the outbox.)
 */
export async function announceCheckoutFailure(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { teamId: string; teamName: string; who: string; what: string; neededCents: number; balanceCents: number },
): Promise<void> {
  const now = deps.clock.now();
  const window = Math.floor(now.getTime() / DIGEST_WINDOW_MS);
  await deps.db.$transaction(async (tx) => {
    const previous = await tx.outboxMessage.findFirst({ where: { teamId: input.teamId, key: { startsWith: `checkout-failed:${input.teamId}:` } }, orderBy: { createdAt: 'desc' } });
    if (previous?.key.startsWith(`checkout-failed:${input.teamId}:${window}:`)) return;
    const since = previous?.createdAt ?? new Date(0);
    // Failures after the previous notice and before this one: the previous notice's own is at `since`.
    const repeats = await tx.auditEntry.count({ where: { teamId: input.teamId, action: 'checkout.failed', createdAt: { gt: since, lt: now } } });
    const more = repeats > 0 ? ` (${repeats} more failed checkout${repeats === 1 ? '' : 's'} since the last notice)` : '';
    await enqueueAlert(tx, {
      teamId: input.teamId,
      alertKey: `checkout-failed:${input.teamId}:${window}`,
      message: reply(`${input.who} tried to launch ${input.what} in *${input.teamName}*: needs ${formatCents(input.neededCents)}, balance ${formatCents(input.balanceCents)}.${more}`, {
        tone: 'warning',
        title: 'Checkout failed',
        buttons: [button('Top up', 'credits add', { team: input.teamId }, { style: 'primary' }), button('View balance', 'credits balance', { team: input.teamId })],
      }),
      at: now,
    });
  });
}
