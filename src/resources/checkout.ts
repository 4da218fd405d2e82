import { auditInsert, recordAudit } from '../audit/record-audit.ts';
import { HOUR } from '../clock.ts';
import { changeBalance, type EntryRequest, entryInsert, InsufficientCredits } from '../credits/ledger.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import type { Db } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { Prisma, type Resource } from '../generated/prisma/client.ts';
import { newUuidV7 } from '../ids.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { offersNow } from './offers-now.ts';
import { type LaunchRequest, priceLaunch } from './pricing.ts';
import { provisionReserved, WITH_KEY } from './provision-launch.ts';
import { findSshKey } from './ssh-keys.ts';

/** A launched resource as one INSERT, for a common table expression of the checkout's statement. */
function resourceInsert(r: Resource): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "Resource" (id, "teamId", kind, name, "liveName", spec, "sizeGb", region, "hourlyCents", status,
      "providerId", "ipAddress", "sshUser", "sshPort", "endpointUrl", "sshKeyId", "launchedById", "startedAt",
      "paidUntil", "stoppedAt", "statusReason")
    VALUES (${r.id}, ${r.teamId}, ${r.kind}::"ResourceKind", ${r.name}, ${r.liveName}, ${r.spec}, ${r.sizeGb},
      ${r.region}, ${r.hourlyCents}, ${r.status}::"ResourceStatus", ${r.providerId}, ${r.ipAddress}, ${r.sshUser},
      ${r.sshPort}, ${r.endpointUrl}, ${r.sshKeyId}, ${r.launchedById}, ${r.startedAt}, ${r.paidUntil}, ${r.stoppedAt},
      ${r.statusReason})`;
}

function nameTaken(name: string, teamName: string) {
  return new TallyError(
    'resource_name_taken',
    `${teamName} already has a live resource called "${name}". Pick another name or stop that one first.`,
  );
}

/**
 * SPEC §4: price, then reserve in one short transaction: debit the first hour (conditionally, so
 * concurrent checkouts can never overdraw) and record the resource as `provisioning`, holding its
 * name. Then ask the cloud, outside any transaction (provision-launch.ts), and settle: running,
 * pending, or refunded. Not enough credits: nothing is created or debited; the failure is logged
 * for the team and rethrown.
 */
export async function checkout(
  deps: Deps,
  actor: { userId: string; displayName: string },
  ctx: TeamContext<'resources.launch'>,
  request: LaunchRequest,
  idempotencyKey: string,
) {
  const priced = priceLaunch(await offersNow(deps), request);
  const sshKey =
    request.kind === 'instance' && request.sshKeyName ? await findSshKey(deps, ctx.team.id, request.sshKeyName) : null;
  const key = `checkout:${idempotencyKey}`;
  const launched = async (db: Db, resourceId: string) => {
    const resource = await db.resource.findUniqueOrThrow({ where: { id: resourceId }, include: WITH_KEY });
    return { resource, priced, replayed: true };
  };
  // The key is looked up here only when something stood in the way (the name was taken, a race
  // failed); otherwise changeBalance, which must look it up anyway, says whether this is a repeat.
  const replay = async () => {
    const entry = await deps.db.ledgerEntry.findUnique({
      where: { teamId_idempotencyKey: { teamId: ctx.team.id, idempotencyKey: key } },
    });
    return entry?.resourceId ? launched(deps.db, entry.resourceId) : null;
  };
  const liveNamed = (db: Db) =>
    db.resource.findUnique({ where: { teamId_liveName: { teamId: ctx.team.id, liveName: request.name } } });
  let reserved: Awaited<ReturnType<typeof launched>>;
  try {
    reserved = await deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const charge: EntryRequest = {
        teamId: ctx.team.id,
        kind: 'charge',
        amountCents: -priced.hourlyCents,
        idempotencyKey: key,
        reason: `first hour of ${request.kind} ${request.name} (${priced.spec})`,
        actorId: actor.userId,
        at,
      };
      // The name is checked in the debit's statement, under the team's row lock, before anything
      // is provisioned. Two launches of one name at once can both pass it (the second's check runs
      // on the snapshot it started with); the name's unique index then refuses the second.
      const nameFree = {
        condition: Prisma.sql`NOT EXISTS (
          SELECT 1 FROM "Resource" WHERE "teamId" = ${ctx.team.id} AND "liveName" = ${request.name})`,
        refusal: async () => ((await liveNamed(tx)) ? nameTaken(request.name, ctx.team.name) : null),
      };
      const debit = await changeBalance(tx, charge, nameFree);
      if (debit.replayed && debit.entry.resourceId) return launched(tx, debit.entry.resourceId);
      // An entry posted without its resource: the debit's statement did not look at the name.
      if (debit.replayed && (await nameFree.refusal())) throw nameTaken(request.name, ctx.team.name);
      const resourceId = newUuidV7();
      const created: Resource = {
        id: resourceId,
        teamId: ctx.team.id,
        kind: request.kind,
        name: request.name,
        liveName: request.name,
        spec: priced.spec,
        sizeGb: priced.sizeGb ?? null,
        region: priced.region ?? null,
        hourlyCents: priced.hourlyCents,
        status: 'provisioning',
        providerId: null,
        ipAddress: null,
        sshUser: null,
        sshPort: null,
        endpointUrl: null,
        sshKeyId: sshKey?.id ?? null,
        launchedById: actor.userId,
        startedAt: at,
        paidUntil: new Date(at.getTime() + HOUR),
        stoppedAt: null,
        statusReason: null,
      };
      // The resource, the entry that charges it (or, for an entry posted without one, its link)
      // and the audit line: one statement, one round trip.
      const entryWrite = debit.replayed
        ? Prisma.sql`UPDATE "LedgerEntry" SET "resourceId" = ${created.id} WHERE id = ${debit.entry.id}`
        : entryInsert({ ...charge, resourceId: created.id }, debit.balanceAfterCents);
      await tx.$executeRaw`
        WITH resource AS (${resourceInsert(created)}),
          audit AS (${auditInsert({
            teamId: ctx.team.id,
            actorId: actor.userId,
            action: 'resource.launch',
            target: request.name,
            details: { kind: request.kind, spec: priced.spec, hourlyCents: priced.hourlyCents },
            at,
          })})
        ${entryWrite}`;
      // The key was read above; reading it back would cost a round trip.
      const resource = { ...created, sshKey: sshKey && { name: sshKey.name, fingerprint: sshKey.fingerprint } };
      return { resource, priced, replayed: false };
    });
  } catch (error) {
    if (error instanceof InsufficientCredits) {
      // A taken name is the answer whatever the balance, as when it was checked first.
      if (await liveNamed(deps.db)) throw nameTaken(request.name, ctx.team.name);
      await recordAudit(deps.db, {
        teamId: ctx.team.id,
        actorId: actor.userId,
        action: 'checkout.failed',
        target: request.name,
        details: {
          kind: request.kind,
          spec: priced.spec,
          neededCents: error.neededCents,
          balanceCents: error.balanceCents,
        },
        at: deps.clock.now(),
      });
      throw error;
    }
    if (isUniqueViolation(error) || (error instanceof TallyError && error.code === 'resource_name_taken')) {
      // Either the same event raced in twice (replay it: its first run holds the name, or its
      // entry the key) or another launch took the name.
      const raced = await replay();
      if (raced) return raced;
      throw nameTaken(request.name, ctx.team.name);
    }
    throw error;
  }
  if (reserved.replayed) return reserved;
  // The cloud is asked only now, outside the transaction: the team's row is not locked meanwhile.
  const where = { ...(priced.region && { region: priced.region }), ...(priced.os && { os: priced.os }) };
  return { resource: await provisionReserved(deps, reserved.resource, sshKey, where), priced, replayed: false };
}
