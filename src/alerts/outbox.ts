import { MINUTE } from '../clock.ts';
import type { PrismaClient, Tx } from '../db/prisma-client.ts';
import { newUuidV7 } from '../ids.ts';
import { DeliveryDeferred, type IdentityRef } from '../ports/notifier.ts';
import type { Reply } from '../reply.ts';
import { alertRecipientsOf, dmRecipient, type Recipient } from './recipients.ts';

export interface AlertRequest {
  teamId: string;
  alertKey: string;
  message: Reply;
  at: Date;
  exceptUserId?: string;
}

/**
 * Queues an alert for every recipient (alertRecipientsOf: billing roles' DMs and the team's alert
 * channel) in the caller's transaction, so the alert exists exactly when the event that caused it
 * does. The key (alert, platform, recipient) is unique: queuing the same alert again adds nothing.
 */
export async function enqueueAlert(tx: Tx, input: AlertRequest): Promise<number> {
  return enqueueAlerts(tx, [input], input.exceptUserId);
}

/**
 * Many teams' alerts in three statements: how the jobs queue thousands at once. (Raw SQL because
 * Prisma's createMany takes seconds for a few thousand rows with a JSON column.)
 */
export async function enqueueAlerts(tx: Tx, inputs: AlertRequest[], exceptUserId?: string): Promise<number> {
  if (inputs.length === 0) return 0;
  const recipients = await alertRecipientsOf(tx, [...new Set(inputs.map((i) => i.teamId))], exceptUserId);
  const rows = inputs.flatMap((input) =>
    recipientRows(recipients.get(input.teamId) ?? [], { ...input, key: input.alertKey }),
  );
  return insertOutboxRows(tx, rows);
}

export interface OutboxRow {
  /** Unique: a row queued twice is queued once. */
  key: string;
  /** The team it is about; null for what the operators hear of the whole Tally (a cloud's stray machine). */
  teamId: string | null;
  platform: string;
  workspaceId: string;
  recipient: string;
  toChannel: boolean;
  message: Reply;
  at: Date;
}

/** One message for the outbox, before it is addressed: `key` is made unique per recipient. */
export interface OutboxMessageInput {
  key: string;
  teamId: string | null;
  message: Reply;
  at: Date;
}

/** A recipient's row's key: `key:platform:@user` for a DM, `key:platform:#channel` for a channel. */
function keyFor(key: string, r: Recipient): string {
  return `${key}:${r.platform}:${r.toChannel ? '#' : '@'}${r.recipient}`;
}

/** Outbox rows for one message, one per recipient, keyed per recipient: queued again, nothing is added. */
export function recipientRows(recipients: readonly Recipient[], input: OutboxMessageInput): OutboxRow[] {
  return recipients.map((r) => ({
    ...r,
    key: keyFor(input.key, r),
    teamId: input.teamId,
    message: input.message,
    at: input.at,
  }));
}

/** Outbox rows DMing one message to each identity (a person's DM on one platform). */
export function dmRows(identities: readonly IdentityRef[], input: OutboxMessageInput): OutboxRow[] {
  return recipientRows(identities.map(dmRecipient), input);
}

/** Messages for the outbox in one statement, however many, skipping keys already queued. */
export async function insertOutboxRows(tx: Tx, messages: OutboxRow[]): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = messages.map((m) => ({
    ...m,
    id: newUuidV7(),
    payload: JSON.stringify(m.message),
    at: m.at.toISOString(),
  }));
  const column = <K extends keyof (typeof rows)[number]>(name: K) => rows.map((row) => row[name]);
  return tx.$executeRaw`
    INSERT INTO "OutboxMessage"
      (id, key, "teamId", platform, "workspaceId", recipient, "toChannel", payload, "nextAttemptAt", "createdAt")
    SELECT id, key, team, platform, workspace, recipient, channel, payload, at, at
    FROM unnest(${column('id')}::text[], ${column('key')}::text[], ${column('teamId')}::text[],
      ${column('platform')}::text[], ${column('workspaceId')}::text[], ${column('recipient')}::text[],
      ${column('toChannel')}::boolean[], ${column('payload')}::jsonb[], ${column('at')}::timestamp(3)[])
      AS r(id, key, team, platform, workspace, recipient, channel, payload, at)
    ON CONFLICT (key) DO NOTHING`;
}

/**
 * A Tally user's DMs, on every platform where they have an identity, queued in the caller's
 * transaction: they exist exactly when what they tell of does, and queuing them again adds nothing.
 */
export async function queueUserDms(tx: Tx, userId: string, input: OutboxMessageInput): Promise<void> {
  await insertOutboxRows(tx, dmRows(await tx.identity.findMany({ where: { userId } }), input));
}

const BASE_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 60 * MINUTE;

/** Exponential backoff, or the platform's own Retry-After when it gave one (never sooner). */
export function nextDelayMs(attempts: number, error: unknown): number {
  if (error instanceof DeliveryDeferred) return error.retryAfterMs;
  return Math.min(BASE_BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
}

/**
 * A direct message that failed when sent at once (an invitation during a rate limit): the outbox
 * takes over from its second try, so it is retried like an alert instead of being lost.
 */
export async function queueRetry(
  db: PrismaClient | Tx,
  input: { teamId: string; key: string; to: IdentityRef; message: Reply; error: unknown; at: Date },
): Promise<void> {
  await db.outboxMessage.createMany({
    data: [
      {
        key: keyFor(input.key, dmRecipient(input.to)),
        teamId: input.teamId,
        platform: input.to.platform,
        workspaceId: input.to.workspaceId,
        recipient: input.to.platformUserId,
        payload: JSON.parse(JSON.stringify(input.message)),
        attempts: 1,
        lastError: (input.error as Error).message.slice(0, 500),
        nextAttemptAt: new Date(input.at.getTime() + nextDelayMs(1, input.error)),
        createdAt: input.at,
      },
    ],
    skipDuplicates: true,
  });
}
