import { type AlertState, CRITICAL_SHARE, onBalanceChange } from '../alerts/balance-alerts.ts';
import { billingButtons } from '../alerts/billing-buttons.ts';
import { flushCheckoutDigests } from '../alerts/checkout-failure.ts';
import { enqueueAlert } from '../alerts/outbox.ts';
import { HOUR } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { formatHours, formatTime } from '../format.ts';
import { randomBase32 } from '../ids.ts';
import { formatCents } from '../money.ts';
import { reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { eachAtOnce, type JobOptions } from './each-at-once.ts';

export const RUNWAY_ALERT_HOURS = 24;

export interface ScanReport {
  tiersChanged: number;
  runwayAlerts: number;
  checkoutDigests: number;
}

/**
 * The periodic safety net beside the ledger's own edge triggers: teams whose alert tier no longer
 * matches their balance (a threshold was changed) are brought in line, teams whose balance
 * lasts less than a day at the current burn get one runway alert (again once it has lasted a day
 * since), and checkout failures left in a closed digest window are told.
 */
export async function scanBalances(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  options: JobOptions = {},
): Promise<ScanReport> {
  const now = deps.clock.now();
  const failed = (item: { id: string }, error: Error) =>
    deps.log.error('balance scan of a team failed', { teamId: item.id, error: error.message });
  const report: ScanReport = { tiersChanged: 0, runwayAlerts: 0, checkoutDigests: 0 };
  const drifted = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Team" WHERE "deletedAt" IS NULL AND "alertTier" <> CASE
      WHEN "lowBalanceCents" <= 0 THEN 'none'
      WHEN "balanceCents" <= 0 THEN 'depleted'
      WHEN "balanceCents" < CEIL("lowBalanceCents" * ${CRITICAL_SHARE}::float8) THEN 'critical'
      WHEN "balanceCents" < "lowBalanceCents" THEN 'low'
      ELSE 'none' END
    -- A team that never had credits (every new personal team) is not "depleted": nothing to announce.
    AND EXISTS (SELECT 1 FROM "LedgerEntry" l WHERE l."teamId" = "Team".id)`;
  await eachAtOnce(
    drifted,
    options,
    async ({ id }) => {
      await deps.db.$transaction(async (tx) => {
        // The same row lock the ledger holds when it calls onBalanceChange.
        const [row] = await tx.$queryRaw<AlertState[]>`
          SELECT id, name, "balanceCents", "lowBalanceCents", "alertTier", "alertCrossing"
          FROM "Team" WHERE id = ${id} FOR UPDATE`;
        if (row) await onBalanceChange(tx, row, now);
      });
      report.tiersChanged++;
    },
    failed,
  );
  // Re-arm the runway alert of teams whose balance lasts a day again (or that burn nothing now).
  await deps.db.$executeRaw`
    UPDATE "Team" t SET "runwayAlerted" = NULL
    WHERE t."runwayAlerted" IS NOT NULL
      AND t."balanceCents" >= ${RUNWAY_ALERT_HOURS} * COALESCE((
        SELECT SUM(r."hourlyCents") FROM "Resource" r WHERE r."teamId" = t.id AND r.status = 'running'
      ), 0)`;
  const short = await deps.db.$queryRaw<
    {
      id: string;
      name: string;
      balanceCents: number;
      burn: bigint;
      alertCrossing: number;
    }[]
  >`
    SELECT t.id, t.name, t."balanceCents", t."alertCrossing", SUM(r."hourlyCents") AS burn
    FROM "Team" t JOIN "Resource" r ON r."teamId" = t.id AND r.status = 'running'
    WHERE t."deletedAt" IS NULL AND t."runwayAlerted" IS NULL
    GROUP BY t.id
    HAVING t."balanceCents" < SUM(r."hourlyCents") * ${RUNWAY_ALERT_HOURS}`;
  await eachAtOnce(
    short,
    options,
    async (team) => {
      // One alert per arming: the conditional mark below lets only one scan through, so the key
      // only needs to differ from earlier armings' keys.
      const alertKey = `runway:${team.id}:${now.getTime()}:${randomBase32(8)}`;
      const burn = Number(team.burn);
      const hours = team.balanceCents / burn;
      await deps.db.$transaction(async (tx) => {
        // Conditional: a second process scanning at the same time marks and queues nothing.
        const marked = await tx.team.updateMany({
          where: { id: team.id, runwayAlerted: null },
          data: { runwayAlerted: team.alertCrossing },
        });
        if (marked.count === 0) return;
        const until = formatTime(new Date(now.getTime() + hours * HOUR));
        const lasts = md`lasts about ${formatHours(hours)}: until around ${until}.`;
        const balance = formatCents(team.balanceCents);
        await enqueueAlert(tx, {
          teamId: team.id,
          alertKey,
          message: reply(md`At the current burn of ${formatCents(burn)}/h, *${team.name}*'s ${balance} ${lasts}`, {
            tone: 'warning',
            title: 'Less than a day of credits',
            buttons: billingButtons(team.id),
          }),
          at: now,
        });
        report.runwayAlerts++;
      });
    },
    failed,
  );
  report.checkoutDigests = await flushCheckoutDigests(deps);
  return report;
}
