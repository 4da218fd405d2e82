import { applyTiers, tierOfBalance } from '../alerts/balance-alerts.ts';
import { billingButtons } from '../alerts/billing-buttons.ts';
import { flushCheckoutDigests } from '../alerts/checkout-failure.ts';
import { enqueueAlerts } from '../alerts/outbox.ts';
import { HOUR } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { formatHours, formatTime } from '../format.ts';
import { Prisma } from '../generated/prisma/client.ts';
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
  if (!(await anythingToScan(deps))) return report;
  const drifted = await deps.db.$queryRaw<{ id: string }[]>`SELECT id FROM "Team" WHERE ${tierDrifted}`;
  // A few thousand teams a transaction: one statement changes their tiers, a few more queue the alerts.
  await eachAtOnce(
    chunks(drifted.map((team) => team.id)),
    options,
    async (ids) => {
      const changed = await deps.db.$transaction((tx) => applyTiers(tx, ids, now));
      report.tiersChanged += changed; // added after the await: chunks run at once
    },
    (ids, error) => failed({ id: `${ids[0]} and ${ids.length - 1} more` }, error),
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
    chunks(short),
    options,
    async (teams) => {
      await deps.db.$transaction(async (tx) => {
        // Conditional: a second process scanning at the same time marks and queues nothing.
        const marked = await tx.$queryRaw<{ id: string }[]>`
          UPDATE "Team" t SET "runwayAlerted" = t."alertCrossing"
          FROM (SELECT id FROM "Team" WHERE id = ANY(${teams.map((team) => team.id)}::text[]) ORDER BY id FOR UPDATE) l
          WHERE t.id = l.id AND t."runwayAlerted" IS NULL RETURNING t.id`;
        const ids = new Set(marked.map((team) => team.id));
        await enqueueAlerts(
          tx,
          teams.filter((team) => ids.has(team.id)).map((team) => runwayAlert(team, now)),
        );
        report.runwayAlerts += marked.length;
      });
    },
    (teams, error) => failed({ id: `${teams[0]?.id} and ${teams.length - 1} more` }, error),
  );
  report.checkoutDigests = await flushCheckoutDigests(deps);
  return report;
}

/**
 * A team whose announced tier is not its balance's. One that never had credits (every new personal
 * team) is not "depleted": nothing to announce.
 */
const tierDrifted = Prisma.sql`"deletedAt" IS NULL AND "alertTier" <> ${tierOfBalance}
  AND EXISTS (SELECT 1 FROM "LedgerEntry" l WHERE l."teamId" = "Team".id)`;

/**
 * One read before the scan's four statements: false only when each of them would find nothing
 * (no drifted team, no team armed, no resource running, no checkout failure unreported), as on a
 * new or idle deployment. Otherwise the scan runs in full.
 */
async function anythingToScan(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const [row] = await deps.db.$queryRaw<{ work: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Resource" WHERE status = 'running')
      OR EXISTS (SELECT 1 FROM "Team" WHERE "runwayAlerted" IS NOT NULL OR "checkoutUnreported" > 0)
      OR EXISTS (SELECT 1 FROM "Team" WHERE ${tierDrifted}) AS work`;
  return row?.work !== false;
}

const CHUNK = 2000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The runway alert of a team whose balance lasts less than a day at its burn. */
function runwayAlert(team: { id: string; name: string; balanceCents: number; burn: bigint }, now: Date) {
  // One alert per arming: the conditional mark lets only one scan through, so the key only needs
  // to differ from earlier armings' keys.
  const alertKey = `runway:${team.id}:${now.getTime()}:${randomBase32(8)}`;
  const burn = Number(team.burn);
  const hours = team.balanceCents / burn;
  const until = formatTime(new Date(now.getTime() + hours * HOUR));
  const lasts = md`lasts about ${formatHours(hours)}: until around ${until}.`;
  const balance = formatCents(team.balanceCents);
  return {
    teamId: team.id,
    alertKey,
    message: reply(md`At the current burn of ${formatCents(burn)}/h, *${team.name}*'s ${balance} ${lasts}`, {
      tone: 'warning',
      title: 'Less than a day of credits',
      buttons: billingButtons(team.id),
    }),
    at: now,
  };
}
