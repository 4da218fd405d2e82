import { announcedTier, type TierChange, tierAlerts, tierOf } from '../alerts/balance-alerts.ts';
import { enqueueAlerts } from '../alerts/outbox.ts';
import { HOUR } from '../clock.ts';
import type { Tx } from '../db/prisma-client.ts';
import { Prisma, type Resource } from '../generated/prisma/client.ts';
import { newUuidV7 } from '../ids.ts';
import { meterKeySql, meterReasonSql } from './meter-keys.ts';

export type DueResource = Pick<
  Resource,
  'id' | 'teamId' | 'kind' | 'name' | 'spec' | 'hourlyCents' | 'providerId' | 'paidUntil'
>;

export interface BatchResult {
  /** Resources locked and looked at; 0 means nothing (else) is due. */
  found: number;
  charged: number;
  /** Resources of teams that cannot pay all their due hours: metered one hour at a time instead. */
  unpaid: DueResource[];
}

/** A team charged in a batch: whether it paid, how many hours, and its tier move if it made one. */
type BatchTeam = Omit<TierChange, 'id'> & { team: string; paid: boolean; charged: number; moved: boolean };

/**
 * Charges every due hour of up to `limit` running resources in the caller's transaction, in three
 * statements: lock the resources (another process skips them), charge them and bring the charged
 * teams' alert tiers in line (below), and queue the alerts of the tiers that moved. A team that
 * cannot pay all its due hours is left untouched and handed back in `unpaid`.
 */
export async function meterBatch(tx: Tx, now: Date, skip: string[], limit: number): Promise<BatchResult> {
  const at = Prisma.sql`${now.toISOString()}::timestamp(3)`;
  // Earliest first, in the order of the (status, paidUntil) index, which the batch is read off: a
  // tie-break by id would sort every due resource again for each batch.
  const due = await tx.$queryRaw<Pick<DueResource, 'id' | 'teamId' | 'paidUntil'>[]>`
    SELECT id, "teamId", "paidUntil" FROM "Resource"
    WHERE status = 'running' AND "paidUntil" <= ${at} AND id <> ALL(${skip}::text[])
    ORDER BY "paidUntil" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  if (due.length === 0) return { found: 0, charged: 0, unpaid: [] };
  // Every due hour of every resource (the hour-th after paidUntil), in charging order (hour, then
  // resource), so each team's running balance, and the ids of its entries, follow it. The rest of
  // each hour (team, price, key, reason) is made in SQL from the locked resource rows.
  const hours: { resource: string; hour: number; start: number }[] = [];
  for (const r of due) {
    const from = new Date(r.paidUntil).getTime();
    for (let hour = 0; from + hour * HOUR <= now.getTime(); hour++)
      hours.push({ resource: r.id, hour, start: from + hour * HOUR });
  }
  hours.sort((a, b) => a.start - b.start || (a.resource < b.resource ? -1 : 1));
  // One statement: pass over hours already charged (by a stop, or a run that died after its commit),
  // lock the teams in id order (two processes cannot deadlock), debit each team its total only if
  // it can pay all of it and move its alert tier with it (as applyTiers does), write the entries
  // with the balance after each and advance paidUntil past the last hour charged.
  const teams = await tx.$queryRaw<BatchTeam[]>`
    WITH h AS (
      SELECT u.id, r."teamId" AS team, r.id AS resource, r."hourlyCents" AS cents, u.n, s.start,
        ${meterKeySql(Prisma.sql`r.id`, Prisma.sql`s.start`)} AS key,
        ${meterReasonSql(Prisma.sql`r.name`, Prisma.sql`r.spec`, Prisma.sql`s.start`)} AS reason
      FROM unnest(${hours.map(() => newUuidV7())}::text[], ${hours.map((h) => h.resource)}::text[],
          ${hours.map((h) => h.hour)}::int[]) WITH ORDINALITY AS u(id, resource, hour, n)
        -- Each hour looks up its resource by id (OFFSET 0 keeps it a lookup, not a hash of the table).
        CROSS JOIN LATERAL (SELECT * FROM "Resource" WHERE id = u.resource OFFSET 0) r
        CROSS JOIN LATERAL (SELECT r."paidUntil" + u.hour * interval '1 hour' AS start) s
    ),
    -- A probe of the unique index per hour (OFFSET 0 keeps the planner from hashing the whole ledger instead).
    owed AS (
      SELECT * FROM h WHERE NOT EXISTS (
        SELECT 1 FROM "LedgerEntry" l WHERE l."teamId" = h.team AND l."idempotencyKey" = h.key OFFSET 0)
    ),
    -- bigint: a total past what an int holds is refused like any other the team cannot pay.
    totals AS (SELECT team, SUM(cents) AS total FROM owed GROUP BY team),
    locked AS MATERIALIZED (
      SELECT t.id, s.total, t."balanceCents" AS before, t."deletedAt" IS NULL AND t."balanceCents" >= s.total AS pays,
        t."alertTier", t."alertCrossing",
        ${tierOf(Prisma.sql`(t."balanceCents" - s.total)`, Prisma.sql`t."lowBalanceCents"`)} AS next
      FROM "Team" t JOIN totals s ON s.team = t.id ORDER BY t.id FOR UPDATE OF t
    ),
    debited AS (
      UPDATE "Team" t SET "balanceCents" = t."balanceCents" - l.total,
        "alertTier" = CASE WHEN l.moved THEN l.next ELSE t."alertTier" END,
        "alertCrossing" = t."alertCrossing" + (l.moved AND l.next = 'none')::int
      FROM (SELECT *, next <> ${announcedTier(Prisma.sql`"alertTier"`)} AS moved FROM locked WHERE pays) l
      WHERE t.id = l.id
      RETURNING t.id, l.before, l.moved, t.name, t."balanceCents", t."lowBalanceCents",
        l."alertTier", l."alertCrossing", l.next
    ),
    entries AS (
      INSERT INTO "LedgerEntry"
        (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey", reason, "resourceId", "createdAt")
      SELECT o.id, o.team, 'charge', -o.cents, d.before - SUM(o.cents) OVER (PARTITION BY o.team ORDER BY o.n), o.key,
        o.reason, o.resource, ${at}
      FROM owed o JOIN debited d ON d.id = o.team
      RETURNING "teamId"
    ),
    -- The resources are found by id in the primary key (the ANY), not by hashing the whole table.
    advanced AS (
      UPDATE "Resource" r SET "paidUntil" = a.until
      FROM (SELECT resource, team, MAX(start) + interval '1 hour' AS until FROM h GROUP BY resource, team) a
      WHERE r.id = a.resource AND r.id = ANY(ARRAY(SELECT resource FROM h))
        AND (a.team IN (SELECT id FROM debited) OR a.team NOT IN (SELECT team FROM totals))
    )
    SELECT s.team, d.id IS NOT NULL AS paid, COALESCE(e.charged, 0)::int AS charged, d.moved IS TRUE AS moved,
      d.name, d."balanceCents", d."lowBalanceCents", d."alertTier", d."alertCrossing", d.next
    FROM totals s LEFT JOIN debited d ON d.id = s.team
      LEFT JOIN (SELECT "teamId", count(*) AS charged FROM entries GROUP BY "teamId") e ON e."teamId" = s.team`;
  const changed = teams.filter((t) => t.moved).map((t) => ({ ...t, id: t.team }));
  await enqueueAlerts(tx, tierAlerts(changed, now));
  const unpaidTeams = new Set(teams.filter((t) => !t.paid).map((t) => t.team));
  const unpaid = due.filter((r) => unpaidTeams.has(r.teamId)).map((r) => r.id);
  return {
    found: due.length,
    charged: teams.reduce((sum, t) => sum + t.charged, 0),
    // Locked by this transaction, so as the first statement found them.
    unpaid:
      unpaid.length === 0
        ? []
        : await tx.resource.findMany({
            where: { id: { in: unpaid } },
            select: {
              id: true,
              teamId: true,
              kind: true,
              name: true,
              spec: true,
              hourlyCents: true,
              providerId: true,
              paidUntil: true,
            },
            orderBy: [{ paidUntil: 'asc' }, { id: 'asc' }],
          }),
  };
}
