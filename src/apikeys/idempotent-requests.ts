import { MINUTE } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { newUuidV7 } from '../ids.ts';

/** An answer of the REST API as it is kept for replays: the status and the JSON body. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface IdempotentRequestRef {
  apiKeyId: string;
  idempotencyKey: string;
  /** Of method, path and body: the same key sent with another request is refused. */
  fingerprint: string;
}

/** Answers are kept this long; the prune job deletes older ones. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * MINUTE;
/**
 * A claim older than this with no answer belongs to a process that died mid-request: it is taken
 * over and run again (what it runs is idempotent by the same key, so nothing happens twice).
 */
export const ABANDONED_AFTER_MS = 5 * MINUTE;

const reused = () =>
  new TallyError(
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
  );

const inProgress = () =>
  new TallyError(
    'idempotency_in_progress',
    'A request with this Idempotency-Key is still being handled. Try again in a moment.',
  );

/**
 * Runs `run` once per (API key, Idempotency-Key). The claim is written before anything runs, so
 * two copies of a request sent at once cannot both act: the second is told the first is in
 * progress, and once it is answered every repeat gets that answer. Only answers below 500 are
 * kept; if `run` throws, the claim is released and the error rethrown, so the client can retry.
 */
export async function answerOnce(
  deps: Deps,
  request: IdempotentRequestRef,
  run: () => Promise<StoredAnswer>,
): Promise<{ answer: StoredAnswer; replayed: boolean }> {
  const claimedId = await claim(deps, request);
  if (typeof claimedId !== 'string') return { answer: claimedId, replayed: true };
  let answer: StoredAnswer;
  try {
    answer = await run();
  } catch (error) {
    await deps.db.idempotentRequest.deleteMany({ where: { id: claimedId, answeredAt: null } });
    throw error;
  }
  if (answer.status >= 500) await deps.db.idempotentRequest.deleteMany({ where: { id: claimedId } });
  else
    await deps.db.idempotentRequest.update({
      where: { id: claimedId },
      data: { status: answer.status, body: answer.body as Prisma.InputJsonValue, answeredAt: deps.clock.now() },
    });
  return { answer, replayed: false };
}

/** The id of a fresh (or taken-over) claim, or the stored answer of an earlier identical request. */
async function claim(deps: Deps, request: IdempotentRequestRef): Promise<string | StoredAnswer> {
  const now = deps.clock.now();
  const id = newUuidV7();
  // One statement: insert the claim, or take over an abandoned one with the same fingerprint.
  const claimed = await deps.db.$queryRaw<{ id: string }[]>`
    INSERT INTO "IdempotentRequest" (id, "apiKeyId", "idempotencyKey", fingerprint, "createdAt")
    VALUES (${id}, ${request.apiKeyId}, ${request.idempotencyKey}, ${request.fingerprint}, ${now})
    ON CONFLICT ("apiKeyId", "idempotencyKey") DO UPDATE SET "createdAt" = EXCLUDED."createdAt"
      WHERE "IdempotentRequest"."answeredAt" IS NULL
        AND "IdempotentRequest".fingerprint = EXCLUDED.fingerprint
        AND "IdempotentRequest"."createdAt" <= ${new Date(now.getTime() - ABANDONED_AFTER_MS)}
    RETURNING id`;
  if (claimed[0]) return claimed[0].id;
  const earlier = await deps.db.idempotentRequest.findUnique({
    where: { apiKeyId_idempotencyKey: { apiKeyId: request.apiKeyId, idempotencyKey: request.idempotencyKey } },
  });
  // Released between the two statements (its run failed): this one may claim it afresh.
  if (!earlier) return claim(deps, request);
  if (earlier.fingerprint !== request.fingerprint) throw reused();
  if (earlier.answeredAt === null || earlier.status === null) throw inProgress();
  return { status: earlier.status, body: earlier.body };
}

/** Set-based, for the prune job: answers older than the retention, and their claims. */
export async function pruneIdempotentRequests(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return deps.db.$executeRaw`
    DELETE FROM "IdempotentRequest"
    WHERE "createdAt" < ${new Date(deps.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS)}`;
}
