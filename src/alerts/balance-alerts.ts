import type { Tx } from '../db/prisma-client.ts';
import { formatCents } from '../money.ts';
import { type Reply, reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { billingButtons } from './billing-buttons.ts';
import { enqueueAlert } from './outbox.ts';

export type Tier = 'none' | 'low' | 'critical' | 'depleted';
const RANK: Record<Tier, number> = { none: 0, low: 1, critical: 2, depleted: 3 };
/** Critical is a quarter of the team's threshold. */
export const CRITICAL_SHARE = 0.25;

/** The tier a balance is in; a threshold of 0 turns low-balance alerts off. */
function tierFor(balanceCents: number, thresholdCents: number): Tier {
  if (thresholdCents <= 0) return 'none';
  if (balanceCents <= 0) return 'depleted';
  if (balanceCents < Math.ceil(thresholdCents * CRITICAL_SHARE)) return 'critical';
  if (balanceCents < thresholdCents) return 'low';
  return 'none';
}

function message(
  tier: Tier | 'recovered',
  team: { id: string; name: string; lowBalanceCents: number },
  balanceCents: number,
): Reply {
  const buttons = billingButtons(team.id);
  const balance = formatCents(balanceCents);
  const threshold = formatCents(team.lowBalanceCents);
  const stopsAtZero = md`Running resources stop when it reaches zero.`;
  switch (tier) {
    case 'low':
      return reply(md`*${team.name}* is low on credits: *${balance}* left, below its threshold of ${threshold}.`, {
        tone: 'warning',
        title: 'Low balance',
        buttons,
      });
    case 'critical':
      return reply(md`*${team.name}* is critically low on credits: *${balance}* left. ${stopsAtZero}`, {
        tone: 'error',
        title: 'Balance critical',
        buttons,
      });
    case 'depleted':
      return reply(
        md`*${team.name}* has run out of credits. Running resources will be suspended when their paid hour ends.`,
        { tone: 'error', title: 'Credits depleted', buttons },
      );
    default:
      return reply(md`*${team.name}* is back above its threshold: *${balance}*.`, {
        tone: 'success',
        title: 'Balance restored',
        buttons: buttons.slice(1),
      });
  }
}

/**
 * Called by the ledger after every balance change, in its transaction. Edge-triggered: a message
 * when the balance enters a worse tier than the one last announced (once per tier per crossing),
 * and one "back above" when it rises over the threshold, which re-arms the alerts.
 */
/** The columns the alert check reads, returned by the statement that changed the balance. */
export interface AlertState {
  id: string;
  name: string;
  balanceCents: number;
  lowBalanceCents: number;
  alertTier: string;
  alertCrossing: number;
}

export async function onBalanceChange(tx: Tx, team: AlertState, at: Date): Promise<void> {
  const { id: teamId, balanceCents } = team;
  const previous = (team.alertTier in RANK ? team.alertTier : 'none') as Tier;
  const next = tierFor(balanceCents, team.lowBalanceCents);
  if (next === previous) return;
  if (next === 'none') {
    await tx.team.update({ where: { id: teamId }, data: { alertTier: 'none', alertCrossing: { increment: 1 } } });
    // Alerts turned off (threshold 0) is not the balance coming back: nothing to announce.
    if (team.lowBalanceCents <= 0) return;
    await enqueueAlert(tx, {
      teamId,
      alertKey: `balance:${teamId}:${team.alertCrossing}:recovered`,
      message: message('recovered', team, balanceCents),
      at,
    });
    return;
  }
  await tx.team.update({ where: { id: teamId }, data: { alertTier: next } });
  // Rising from depleted to low (a small top-up) announces nothing; falling again re-uses the keys of this crossing.
  if (RANK[next] > RANK[previous]) {
    await enqueueAlert(tx, {
      teamId,
      alertKey: `balance:${teamId}:${team.alertCrossing}:${next}`,
      message: message(next, team, balanceCents),
      at,
    });
  }
}
