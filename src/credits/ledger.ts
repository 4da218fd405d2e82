import { type AlertState, onBalanceChange } from '../alerts/balance-alerts.ts';
import type { Tx } from '../db/prisma-client.ts';
import { TallyError } from '../errors.ts';
import { type LedgerEntry, Prisma } from '../generated/prisma/client.ts';
import type { LedgerKind } from '../generated/prisma/enums.ts';
import { newUuidV7 } from '../ids.ts';
import { formatCents, MAX_BALANCE_CENTS } from '../money.ts';
import { md } from '../rich-text.ts';

export interface EntryRequest {
  teamId: string;
  kind: LedgerKind;
  /** Positive credits the team, negative debits it. */
  amountCents: number;
  /** The same key twice posts once: a retried request or a repeated chat event. */
  idempotencyKey: string;
  reason?: string;
  actorId?: string | null;
  resourceId?: string | null;
  at: Date;
}

export class InsufficientCredits extends TallyError {
  constructor(
    readonly neededCents: number,
    readonly balanceCents: number,
  ) {
    super(
      'insufficient_credits',
      `Not enough credits: this needs ${formatCents(neededCents)} and the balance is ${formatCents(balanceCents)}.`,
      {
        neededCents,
        balanceCents,
        shortfallCents: neededCents - balanceCents,
      },
    );
  }
}

/** Refuses a top-up that would take the balance over the most a balance may hold. */
export function balanceLimit(teamName: string, balanceCents: number): TallyError {
  const most = formatCents(MAX_BALANCE_CENTS);
  const room = md`so it can take at most ${formatCents(MAX_BALANCE_CENTS - balanceCents)} more.`;
  return new TallyError(
    'balance_limit',
    md`A balance can be at most ${most} credits; *${teamName}* has ${formatCents(balanceCents)}, ${room}`,
  );
}

/**
 * A caller's own condition for a balance change, checked in the same statement under the team's
 * row lock (a checkout's "no live resource has this name"), and what to throw when it fails.
 */
export interface BalanceGuard {
  condition: Prisma.Sql;
  /** Asked only when nothing changed and the key is new: the error to throw, or null if the guard held. */
  refusal(): Promise<Error | null>;
}

/**
 * The one place balances change. Must run inside a transaction. The conditional update
 * (`balance + amount >= 0`) is what makes concurrent debits unable to overdraw: each waits for
 * the row lock and re-checks against the committed balance. (Raw SQL only because Prisma's
 * updateMany cannot return the new balance.)
 *
 * The balance side of postEntry: the conditional update and the alert check, without writing the
 * entry. A repeat of the key comes back as the entry already posted; otherwise the caller must write
 * the entry (`entryInsert`) in the same transaction, with the balance after it returned here.
 */
export async function changeBalance(
  tx: Tx,
  request: EntryRequest,
  guard?: BalanceGuard,
): Promise<{ replayed: true; entry: LedgerEntry } | { replayed: false; balanceAfterCents: number }> {
  if (!Number.isSafeInteger(request.amountCents))
    throw new Error(`ledger amounts are integer cents, got ${request.amountCents}`);
  // One statement: check the key is new, check and change the balance and read it back, under the
  // row lock. (A key posted concurrently in another transaction still ends at its unique index.)
  const updated = await tx.$queryRaw<AlertState[]>`
    UPDATE "Team" SET "balanceCents" = "balanceCents" + ${request.amountCents}
    WHERE id = ${request.teamId} AND "deletedAt" IS NULL
      AND "balanceCents"::bigint + ${request.amountCents}::bigint BETWEEN 0 AND ${MAX_BALANCE_CENTS}::bigint
      AND NOT EXISTS (
        SELECT 1 FROM "LedgerEntry"
        WHERE "teamId" = ${request.teamId} AND "idempotencyKey" = ${request.idempotencyKey}
      )
      AND ${guard?.condition ?? Prisma.sql`true`}
    RETURNING id, name, "balanceCents", "lowBalanceCents", "alertTier", "alertCrossing"`;
  if (updated.length === 0) {
    // Why nothing changed, read only now: a repeat of the key is the common reason.
    const existing = await tx.ledgerEntry.findUnique({
      where: { teamId_idempotencyKey: { teamId: request.teamId, idempotencyKey: request.idempotencyKey } },
    });
    if (existing) return { entry: existing, replayed: true };
    const refusal = await guard?.refusal();
    if (refusal) throw refusal;
    const team = await tx.team.findUniqueOrThrow({ where: { id: request.teamId } });
    if (team.deletedAt) throw new TallyError('team_deleted', `${team.name} has been deleted.`);
    if (team.balanceCents + request.amountCents > MAX_BALANCE_CENTS) throw balanceLimit(team.name, team.balanceCents);
    throw new InsufficientCredits(-request.amountCents, team.balanceCents);
  }
  await onBalanceChange(tx, updated[0]!, request.at);
  return { replayed: false, balanceAfterCents: updated[0]!.balanceCents };
}

/**
 * The entry for a balance changed by `changeBalance`, as one INSERT to send on its own or as a
 * common table expression of a larger statement (so a checkout writes it with its resource and
 * audit line in one round trip). The id is made as the schema's `uuid(7)` default makes it.
 */
export function entryInsert(request: EntryRequest, balanceAfterCents: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "LedgerEntry"
      (id, "teamId", kind, "amountCents", "balanceAfterCents", "idempotencyKey", reason, "actorId", "resourceId",
       "createdAt")
    VALUES (${newUuidV7()}, ${request.teamId}, ${request.kind}::"LedgerKind", ${request.amountCents},
      ${balanceAfterCents},
      ${request.idempotencyKey}, ${request.reason ?? ''}, ${request.actorId ?? null}, ${request.resourceId ?? null},
      ${request.at})`;
}

export async function postEntry(tx: Tx, request: EntryRequest) {
  const changed = await changeBalance(tx, request);
  if (changed.replayed) return changed;
  const entry = await tx.ledgerEntry.create({
    data: {
      teamId: request.teamId,
      kind: request.kind,
      amountCents: request.amountCents,
      balanceAfterCents: changed.balanceAfterCents,
      idempotencyKey: request.idempotencyKey,
      reason: request.reason ?? '',
      actorId: request.actorId ?? null,
      resourceId: request.resourceId ?? null,
      createdAt: request.at,
    },
  });
  return { entry, replayed: false as const };
}
