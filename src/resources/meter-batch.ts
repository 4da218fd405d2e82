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
 * Charges every due hour of up to `limit` running resources in a handful of statements, in the
 * caller's transaction: lock the resources (another process skips them), drop the hours whose key
 * is already in the ledger, debit each team its total only if it can pay all of it, write the
 * entries with each one's balance after (running per team in hour, resource order) and advance
 * paidUntil. A team that cannot pay everything is left untouched and handed back in `unpaid`.
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
  // Hours already charged (by a stop, or a run that died after its commit) are passed over, not charged again.
  const known = await tx.$queryRaw<{ key: string }[]>`
    SELECT l."idempotencyKey" AS key FROM "LedgerEntry" l
    JOIN unnest(${hours.map((h) => h.resource.teamId)}::text[], ${hours.map((h) => h.key)}::text[]) AS k(team, key)
      ON l."teamId" = k.team AND l."idempotencyKey" = k.key`;
  const charged = new Set(known.map((k) => k.key));
  const owed = hours
    .filter((h) => !charged.has(h.key))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || (a.resource.id < b.resource.id ? -1 : 1));
  const totals = new Map<string, number>();
  for (const h of owed) totals.set(h.resource.teamId, (totals.get(h.resource.teamId) ?? 0) + h.resource.hourlyCents);
  const teams = [...totals.keys()].sort();
  // Locked in id order, so two processes debiting overlapping teams cannot deadlock.
  const debited = await tx.$queryRaw<{ id: string; balanceCents: number }[]>`
    UPDATE "Team" t SET "balanceCents" = t."balanceCents" - d.total
    FROM (SELECT id FROM "Team" WHERE id = ANY(${teams}::text[]) ORDER BY id FOR UPDATE) l,
      unnest(${teams}::text[], ${teams.map((id) => totals.get(id)!)}::int[]) AS d(id, total)
    WHERE t.id = l.id AND t.id = d.id AND t."deletedAt" IS NULL AND t."balanceCents" >= d.total
    RETURNING t.id, t."balanceCents"`;
  // Each team's balance before this batch, walked down entry by entry.
  const running = new Map(debited.map((t) => [t.id, t.balanceCents + totals.get(t.id)!]));
  const paid = due.filter((r) => !totals.has(r.teamId) || running.has(r.teamId));
  const until = paid.map((r) => paidThrough(r, now));
  const entries = owed
    .filter((h) => running.has(h.resource.teamId))
    .map((h) => {
      const after = running.get(h.resource.teamId)! - h.resource.hourlyCents;
      running.set(h.resource.teamId, after);
      return { ...h, after, id: newUuidV7() };
    });
  await tx.$executeRaw`
    WITH advanced AS (
      UPDATE "Resource" r SET "paidUntil" = a.until
      FROM unnest(${paid.map((r) => r.id)}::text[], ${until}::timestamp(3)[]) AS a(id, until)
      WHERE r.id = a.id
    )
    INSERT INTO "LedgerEntry"
      (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey", reason, "resourceId", "createdAt")
    SELECT e.id, e.team, 'charge', -e.cents, e.after, e.key, e.reason, e.resource, ${now.toISOString()}::timestamp(3)
    FROM unnest(${entries.map((e) => e.id)}::text[], ${entries.map((e) => e.resource.teamId)}::text[],
      ${entries.map((e) => e.resource.hourlyCents)}::int[], ${entries.map((e) => e.after)}::int[],
      ${entries.map((e) => e.key)}::text[], ${entries.map((e) => meterReason(e.resource, e.start))}::text[],
      ${entries.map((e) => e.resource.id)}::text[]) AS e(id, team, cents, after, key, reason, resource)`;
  await applyTiers(tx, [...running.keys()], now);
  const unpaid = due.filter((r) => totals.has(r.teamId) && !running.has(r.teamId));
  return { found: due.length, charged: entries.length, unpaid };
}

/** The end of the last hour that began by `now`: where paidUntil moves once every due hour is charged. */
function paidThrough(resource: DueResource, now: Date): string {
  const from = new Date(resource.paidUntil).getTime();
  const hours = Math.floor((now.getTime() - from) / HOUR) + 1;
  return new Date(from + hours * HOUR).toISOString();
}
