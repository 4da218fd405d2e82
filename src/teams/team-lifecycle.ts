import { recordAudit } from '../audit/record-audit.ts';
import type { Db } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { plural } from '../format.ts';
import { LIVE_STATUSES } from '../resources/live-statuses.ts';
import { md } from '../rich-text.ts';
import { isPersonalTeamWord, myMemberships, type ResolvedTeam } from './resolve-team.ts';
import type { TeamContext } from './team-context.ts';
import { foldName, insertTeam } from './team-records.ts';

async function refuseDuplicateName(deps: Deps, userId: string, name: string, exceptTeamId?: string) {
  if (isPersonalTeamWord(name)) {
    throw new TallyError(
      'team_name_reserved',
      md`"${name}" always means your personal team in \`team:\` and \`/team switch\`; pick another name.`,
    );
  }
  const clash = (await myMemberships(deps.db, userId)).find(
    (m) => m.teamId !== exceptTeamId && foldName(m.team.name) === foldName(name),
  );
  if (clash) {
    const pick = md`pick another name so \`team:\` stays unambiguous.`;
    throw new TallyError(
      'team_name_taken',
      md`You are already in a team called "${clash.team.name}" (${clash.team.id}): ${pick}`,
    );
  }
}

export async function createTeam(deps: Deps, ownerId: string, input: { name: string; description: string }) {
  await refuseDuplicateName(deps, ownerId, input.name);
  return deps.db.$transaction(async (tx) => {
    const at = deps.clock.now();
    const team = await insertTeam(tx, { ...input, isPersonal: false, ownerId, at });
    await tx.user.update({ where: { id: ownerId }, data: { activeTeamId: team.id } });
    await recordAudit(tx, { teamId: team.id, actorId: ownerId, action: 'team.create', target: team.name, at });
    return team;
  });
}

export async function editTeam(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'settings.manage'>,
  changes: { name?: string; description?: string },
) {
  if (changes.name === undefined && changes.description === undefined) {
    throw new TallyError(
      'nothing_to_change',
      md`Tell me what to change: \`/team edit name:"New name"\` and/or \`description:"…"\`.`,
    );
  }
  if (changes.name !== undefined) {
    if (ctx.team.isPersonal)
      throw new TallyError('personal_team', 'Your personal team keeps your name; you can change its description.');
    await refuseDuplicateName(deps, actorId, changes.name, ctx.team.id);
  }
  return deps.db.$transaction(async (tx) => {
    const team = await tx.team.update({ where: { id: ctx.team.id }, data: changes });
    await recordAudit(tx, {
      teamId: team.id,
      actorId,
      action: 'team.edit',
      target: team.name,
      details: {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
      },
      at: deps.clock.now(),
    });
    return team;
  });
}

/**
 * Soft delete: the ledger and invoices stay for the books; members lose access at once.
 * Refused while resources run, since they would keep costing money nobody can see.
 */
/** What would refuse a delete, checked before asking for confirmation (and again inside the delete). */
const refusePersonal = (ctx: ResolvedTeam) => {
  if (ctx.team.isPersonal) throw new TallyError('personal_team', 'Your personal team cannot be deleted.');
};

export async function refuseUndeletable(deps: Pick<Deps, 'db'>, ctx: TeamContext<'team.delete'>) {
  refusePersonal(ctx);
  await refuseWhileRunning(deps.db, ctx);
}

async function refuseWhileRunning(db: Db, ctx: ResolvedTeam) {
  const live = await db.resource.count({ where: { teamId: ctx.team.id, status: { in: LIVE_STATUSES } } });
  if (live > 0) {
    const stop = md`stop ${live === 1 ? 'it' : 'them'} with \`/resources stop <name>\` first.`;
    throw new TallyError(
      'resources_running',
      md`${ctx.team.name} still has ${plural(live, 'running resource')}: ${stop}`,
    );
  }
}

export async function deleteTeam(deps: Deps, actorId: string, ctx: TeamContext<'team.delete'>) {
  refusePersonal(ctx);
  return deps.db.$transaction(async (tx) => {
    // Mark first: the row lock makes a concurrent checkout (which debits this row) wait, then fail.
    const at = deps.clock.now();
    const deleted = await tx.team.updateMany({ where: { id: ctx.team.id, deletedAt: null }, data: { deletedAt: at } });
    if (deleted.count === 0) throw new TallyError('team_not_found', `${ctx.team.name} was already deleted.`);
    await refuseWhileRunning(tx, ctx);
    await tx.inviteLink.updateMany({ where: { teamId: ctx.team.id, revokedAt: null }, data: { revokedAt: at } });
    await tx.invitation.updateMany({
      where: { teamId: ctx.team.id, status: 'pending' },
      data: { status: 'cancelled', answeredAt: at },
    });
    await tx.apiKey.updateMany({
      where: { teamId: ctx.team.id, revokedAt: null },
      data: { revokedAt: at, liveName: null },
    });
    await recordAudit(tx, { teamId: ctx.team.id, actorId, action: 'team.delete', target: ctx.team.name, at });
  });
}

export async function switchTeam(deps: Deps, userId: string, ctx: ResolvedTeam) {
  await deps.db.user.update({ where: { id: userId }, data: { activeTeamId: ctx.team.id } });
}
