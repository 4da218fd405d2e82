import { type AlertState, onBalanceChange } from '../alerts/balance-alerts.ts';
import type { Tx } from '../db/prisma-client.ts';
import { TallyError } from '../errors.ts';
import type { LedgerKind } from '../generated/prisma/enums.ts';
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

/**
 * The one place balances change. Must run inside a transaction. The conditional update
 * (`balance + amount >= 0`) is what makes concurrent debits unable to overdraw: each waits for
 * the row lock and re-checks against the committed balance. (Raw SQL only because Prisma's
 * updateMany cannot return the new balance.)
 */
export function balanceLimit(teamName: string, balanceCents: number): TallyError {
  return new TallyError(
    'balance_limit',
    md`A balance can be at most ${formatCents(MAX_BALANCE_CENTS)} credits; *${teamName}* has ${formatCents(balanceCents)}, so it can take at most ${formatCents(MAX_BALANCE_CENTS - balanceCents)} more.`,
  );
}

export async function postEntry(tx: Tx, request: EntryRequest) {
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
    RETURNING id, name, "balanceCents", "lowBalanceCents", "alertTier", "alertCrossing"`;
  if (updated.length === 0) {
    // Why nothing changed, read only now: a repeat of the key is the common reason.
    const existing = await tx.ledgerEntry.findUnique({
      where: { teamId_idempotencyKey: { teamId: request.teamId, idempotencyKey: request.idempotencyKey } },
    });
    if (existing) return { entry: existing, replayed: true };
    const team = await tx.team.findUniqueOrThrow({ where: { id: request.teamId } });
    if (team.deletedAt) throw new TallyError('team_deleted', `${team.name} has been deleted.`);
    if (team.balanceCents + request.amountCents > MAX_BALANCE_CENTS) throw balanceLimit(team.name, team.balanceCents);
    throw new InsufficientCredits(-request.amountCents, team.balanceCents);
  }
  await onBalanceChange(tx, updated[0]!, request.at);
  const entry = await tx.ledgerEntry.create({
    data: {
      teamId: request.teamId,
      kind: request.kind,
      amountCents: request.amountCents,
      balanceAfterCents: updated[0]!.balanceCents,
      idempotencyKey: request.idempotencyKey,
      reason: request.reason ?? '',
      actorId: request.actorId ?? null,
      resourceId: request.resourceId ?? null,
      createdAt: request.at,
    },
  });
  return { entry, replayed: false };
}
