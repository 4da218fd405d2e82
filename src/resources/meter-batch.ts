import { applyTiers } from '../alerts/balance-alerts.ts';
import { HOUR } from '../clock.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Resource } from '../generated/prisma/client.ts';
import { newUuidV7 } from '../ids.ts';
import { meterKey, meterReason } from './meter-keys.ts';

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

interface Hour {
  resource: DueResource;
  start: Date;
  key: string;
}

/**
 * Charges every due hour of up to `limit` running resources in the caller's transaction, in three
 * statements: lock the resources (another process skips them), charge them (below), and bring the
 * charged teams' alert tiers in line. A team that cannot pay all its due hours is left untouched
 * and handed back in `unpaid`.
 */
export async function meterBatch(tx: Tx, now: Date, skip: string[], limit: number): Promise<BatchResult> {
  const due = await tx.$queryRaw<DueResource[]>`
    SELECT id, "teamId", kind, name, spec, "hourlyCents", "providerId", "paidUntil" FROM "Resource"
    WHERE status = 'running' AND "paidUntil" <= ${now.toISOString()}::timestamp(3) AND id <> ALL(${skip}::text[])
    ORDER BY "paidUntil", id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  if (due.length === 0) return { found: 0, charged: 0, unpaid: [] };
  const hours: Hour[] = [];
  for (const resource of due) {
    for (let t = new Date(resource.paidUntil).getTime(); t <= now.getTime(); t += HOUR) {
      const start = new Date(t);
      hours.push({ resource, start, key: meterKey(resource.id, start) });
    }
  }
  // In charging order, so each team's running balance (and the entries' ids) follow hour, then resource.
  hours.sort((a, b) => a.start.getTime() - b.start.getTime() || (a.resource.id < b.resource.id ? -1 : 1));
  const of = <T>(pick: (h: Hour) => T) => hours.map(pick);
  // One statement: pass over hours already charged (by a stop, or a run that died after its commit),
  // lock the teams in id order (two processes cannot deadlock), debit each team its total only if
  // it can pay all of it, write the entries with the balance after each and advance paidUntil.
  const teams = await tx.$queryRaw<{ team: string; paid: boolean; charged: number }[]>`
    WITH h AS (
      SELECT * FROM unnest(${of(() => newUuidV7())}::text[], ${of((h) => h.resource.teamId)}::text[],
        ${of((h) => h.resource.id)}::text[], ${of((h) => h.resource.hourlyCents)}::int[], ${of((h) => h.key)}::text[],
        ${of((h) => meterReason(h.resource, h.start))}::text[])
        WITH ORDINALITY AS h(id, team, resource, cents, key, reason, n)
    ),
    owed AS (
      SELECT * FROM h WHERE NOT EXISTS (
        SELECT 1 FROM "LedgerEntry" l WHERE l."teamId" = h.team AND l."idempotencyKey" = h.key)
    ),
    -- bigint: a total past what an int holds is refused like any other the team cannot pay.
    totals AS (SELECT team, SUM(cents) AS total FROM owed GROUP BY team),
    locked AS (SELECT id FROM "Team" WHERE id IN (SELECT team FROM totals) ORDER BY id FOR UPDATE),
    debited AS (
      UPDATE "Team" t SET "balanceCents" = t."balanceCents" - s.total FROM locked l, totals s
      WHERE t.id = l.id AND t.id = s.team AND t."deletedAt" IS NULL AND t."balanceCents" >= s.total
      RETURNING t.id, t."balanceCents" + s.total AS before
    ),
    entries AS (
      INSERT INTO "LedgerEntry"
        (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey", reason, "resourceId", "createdAt")
      SELECT o.id, o.team, 'charge', -o.cents, d.before - SUM(o.cents) OVER (PARTITION BY o.team ORDER BY o.n), o.key,
        o.reason, o.resource, ${now.toISOString()}::timestamp(3)
      FROM owed o JOIN debited d ON d.id = o.team
      RETURNING "teamId"
    ),
    advanced AS (
      UPDATE "Resource" r SET "paidUntil" = a.until
      FROM unnest(${due.map((r) => r.id)}::text[], ${due.map((r) => r.teamId)}::text[],
        ${due.map((r) => paidThrough(r, now))}::timestamp(3)[]) AS a(id, team, until)
      WHERE r.id = a.id AND (a.team IN (SELECT id FROM debited) OR a.team NOT IN (SELECT team FROM totals))
    )
    SELECT s.team, d.id IS NOT NULL AS paid, COALESCE(e.charged, 0)::int AS charged
    FROM totals s LEFT JOIN debited d ON d.id = s.team
      LEFT JOIN (SELECT "teamId", count(*) AS charged FROM entries GROUP BY "teamId") e ON e."teamId" = s.team`;
  const unpaidTeams = new Set(teams.filter((t) => !t.paid).map((t) => t.team));
  await applyTiers(
    tx,
    teams.filter((t) => t.paid).map((t) => t.team),
    now,
  );
  return {
    found: due.length,
    charged: teams.reduce((sum, t) => sum + t.charged, 0),
    unpaid: due.filter((r) => unpaidTeams.has(r.teamId)),
  };
}

/** The end of the last hour that began by `now`: where paidUntil moves once every due hour is charged. */
function paidThrough(resource: DueResource, now: Date): string {
  const from = new Date(resource.paidUntil).getTime();
  const hours = Math.floor((now.getTime() - from) / HOUR) + 1;
  return new Date(from + hours * HOUR).toISOString();
}
