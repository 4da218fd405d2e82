import type { Tx } from '../db/prisma-client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { formatCents } from '../money.ts';
import { type Reply, reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { billingButtons } from './billing-buttons.ts';
import { type AlertRequest, enqueueAlert, enqueueAlerts } from './outbox.ts';

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

/** tierFor in SQL, of a balance and a threshold (SQL expressions). */
export const tierOf = (balance: Prisma.Sql, threshold: Prisma.Sql) => Prisma.sql`CASE
  WHEN ${threshold} <= 0 THEN 'none'
  WHEN ${balance} <= 0 THEN 'depleted'
  WHEN ${balance} < CEIL(${threshold} * ${CRITICAL_SHARE}::float8) THEN 'critical'
  WHEN ${balance} < ${threshold} THEN 'low'
  ELSE 'none' END`;

/** tierFor in SQL, over a "Team" row. */
export const tierOfBalance = tierOf(Prisma.sql`"balanceCents"`, Prisma.sql`"lowBalanceCents"`);

/** The tier last announced in SQL, of an "alertTier" (SQL expression): what is not a tier is none. */
export const announcedTier = (tier: Prisma.Sql) =>
  Prisma.sql`(CASE WHEN ${tier} IN ('low', 'critical', 'depleted') THEN ${tier} ELSE 'none' END)`;

/** The columns the alert check reads, returned by the statement that changed the balance. */
export interface AlertState {
  id: string;
  name: string;
  balanceCents: number;
  lowBalanceCents: number;
  alertTier: string;
  alertCrossing: number;
}

/**
 * What a move from the announced tier to the balance's tier says, if anything: edge-triggered, a
 * message when the balance enters a worse tier (once per tier per crossing), and one "back above"
 * when it rises over the threshold (the caller bumps the crossing, which re-arms the alerts).
 * Rising from depleted to low (a small top-up) announces nothing; falling again re-uses this crossing's keys.
 */
function tierAlert(team: AlertState, previous: Tier, next: Tier, at: Date): AlertRequest | null {
  const teamId = team.id;
  if (next === 'none') {
    // Alerts turned off (threshold 0) is not the balance coming back: nothing to announce.
    if (team.lowBalanceCents <= 0) return null;
    const alertKey = `balance:${teamId}:${team.alertCrossing}:recovered`;
    return { teamId, alertKey, message: message('recovered', team, team.balanceCents), at };
  }
  if (RANK[next] <= RANK[previous]) return null;
  const alertKey = `balance:${teamId}:${team.alertCrossing}:${next}`;
  return { teamId, alertKey, message: message(next, team, team.balanceCents), at };
}

const announced = (tier: string) => (tier in RANK ? tier : 'none') as Tier;

/** Called by the ledger after every balance change, in its transaction. */
export async function onBalanceChange(tx: Tx, team: AlertState, at: Date): Promise<void> {
  const previous = announced(team.alertTier);
  const next = tierFor(team.balanceCents, team.lowBalanceCents);
  if (next === previous) return;
  await tx.team.update({
    where: { id: team.id },
    data: next === 'none' ? { alertTier: 'none', alertCrossing: { increment: 1 } } : { alertTier: next },
  });
  const alert = tierAlert(team, previous, next, at);
  if (alert) await enqueueAlert(tx, alert);
}

/**
 * onBalanceChange for many teams at once, in the caller's transaction: one statement brings every
 * listed team's tier in line with its balance (under the row lock), one more queues the alerts.
 * Returns how many teams changed tier.
 */
export async function applyTiers(tx: Tx, teamIds: string[], at: Date): Promise<number> {
  if (teamIds.length === 0) return 0;
  const changed = await tx.$queryRaw<TierChange[]>`
    UPDATE "Team" t SET "alertTier" = c.next, "alertCrossing" = c."alertCrossing" + (c.next = 'none')::int
    FROM (
      SELECT id, "alertTier", "alertCrossing", ${tierOfBalance} AS next
      FROM "Team" WHERE id = ANY(${teamIds}::text[]) ORDER BY id FOR UPDATE
    ) c
    WHERE t.id = c.id AND c.next <> ${announcedTier(Prisma.sql`c."alertTier"`)}
    RETURNING t.id, t.name, t."balanceCents", t."lowBalanceCents", c."alertTier", c."alertCrossing", c.next`;
  await enqueueAlerts(tx, tierAlerts(changed, at));
  return changed.length;
}

/** A team whose tier a statement moved: its state before the move (tier, crossing), its balance after. */
export type TierChange = AlertState & { next: Tier };

/**
 * The alerts for teams whose tier moved, for a statement that moved them itself (the way applyTiers
 * does: "alertTier" set to the next tier, "alertCrossing" bumped when it is none).
 */
export function tierAlerts(changed: TierChange[], at: Date): AlertRequest[] {
  return changed.flatMap((team) => tierAlert(team, announced(team.alertTier), team.next, at) ?? []);
}
