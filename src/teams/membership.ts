import { recordAudit } from '../audit/record-audit.ts';
import type { Db, Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import { findRole } from '../roles/find-role.ts';
import type { TeamContext } from './team-context.ts';
import { builtinRoleId, lockTeam } from './team-records.ts';

/** Any member may see who else is in: the context need only be checked for membership. */
export async function listMembers(deps: Deps, ctx: TeamContext) {
  return deps.db.membership.findMany({
    where: { teamId: ctx.team.id },
    include: { user: true, role: true },
    orderBy: { joinedAt: 'asc' },
  });
}

async function memberOf(tx: Db, teamId: string, userId: string, displayName: string, teamName: string) {
  const membership = await tx.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    include: { role: true },
  });
  if (!membership) throw new TallyError('not_a_member', `${displayName} is not a member of ${teamName}.`);
  return membership;
}

/** When a member loses access, their active team falls back to their personal team. */
async function resetActiveTeam(tx: Tx, userId: string, teamId: string) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.activeTeamId === teamId)
    await tx.user.update({ where: { id: userId }, data: { activeTeamId: user.personalTeamId } });
}

/** Who may never leave, checked before any question is asked. */
export function refuseLeaving(ctx: TeamContext) {
  if (ctx.team.isPersonal) throw new TallyError('personal_team', 'Nobody leaves their personal team.');
  if (ctx.role.key === 'owner') {
    throw new TallyError(
      'owner_cannot_leave',
      md`You own ${ctx.team.name}: transfer ownership with \`/team transfer @person\` first, or delete the team.`,
    );
  }
}

export async function leaveTeam(deps: Deps, userId: string, ctx: TeamContext) {
  refuseLeaving(ctx);
  await deps.db.$transaction(async (tx) => {
    await lockTeam(tx, ctx.team.id);
    // Read again under the lock: a transfer may have made the leaver the Owner meanwhile.
    const current = await memberOf(tx, ctx.team.id, userId, 'You', ctx.team.name);
    if (current.role.key === 'owner')
      throw new TallyError('owner_cannot_leave', `You own ${ctx.team.name} now: transfer ownership before leaving.`);
    await tx.membership.delete({ where: { id: current.id } });
    await resetActiveTeam(tx, userId, ctx.team.id);
    await recordAudit(tx, { teamId: ctx.team.id, actorId: userId, action: 'member.leave', at: deps.clock.now() });
  });
}

export async function removeMember(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'members.manage'>,
  target: { userId: string; displayName: string },
) {
  if (target.userId === actorId)
    throw new TallyError('remove_self', md`To leave the team yourself, use \`/team leave\`.`);
  await deps.db.$transaction(async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const membership = await memberOf(tx, ctx.team.id, target.userId, target.displayName, ctx.team.name);
    if (membership.role.key === 'owner')
      throw new TallyError('owner_protected', `${target.displayName} owns ${ctx.team.name} and cannot be removed.`);
    await tx.membership.delete({ where: { id: membership.id } });
    await resetActiveTeam(tx, target.userId, ctx.team.id);
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'member.remove',
      target: target.displayName,
      at: deps.clock.now(),
    });
  });
}

export async function changeRole(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'members.manage'>,
  target: { userId: string; displayName: string },
  roleName: string,
) {
  return deps.db.$transaction(async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const role = await findRole(tx, ctx.team.id, roleName);
    if (role.key === 'owner')
      throw new TallyError(
        'owner_by_transfer',
        md`A team has exactly one Owner: use \`/team transfer @${target.displayName}\` to hand over ownership.`,
      );
    const membership = await memberOf(tx, ctx.team.id, target.userId, target.displayName, ctx.team.name);
    if (membership.role.key === 'owner')
      throw new TallyError(
        'owner_protected',
        md`${target.displayName} owns ${ctx.team.name}; ownership changes only by \`/team transfer\`.`,
      );
    if (membership.roleId === role.id)
      throw new TallyError('role_unchanged', `${target.displayName} is already ${role.name}.`);
    await tx.membership.update({ where: { id: membership.id }, data: { roleId: role.id } });
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'member.role',
      target: target.displayName,
      details: { from: membership.role.name, to: role.name },
      at: deps.clock.now(),
    });
    return { from: membership.role.name, to: role.name };
  });
}

/** Refuses early (before any confirmation) when the person is not in the team. */
export async function requireMember(deps: Deps, ctx: TeamContext, person: { userId: string; displayName: string }) {
  return memberOf(deps.db, ctx.team.id, person.userId, person.displayName, ctx.team.name);
}

/** The Owner hands over; they stay on as Co-Owner. One transaction, so there is always exactly one Owner. */
export async function transferOwnership(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'team.transfer'>,
  target: { userId: string; displayName: string },
) {
  if (ctx.team.isPersonal) throw new TallyError('personal_team', 'A personal team always belongs to its person.');
  if (target.userId === actorId) throw new TallyError('already_owner', `You already own ${ctx.team.name}.`);
  await deps.db.$transaction(async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const current = await memberOf(tx, ctx.team.id, actorId, 'You', ctx.team.name);
    if (current.role.key !== 'owner')
      throw new TallyError('not_owner', `Only the Owner of ${ctx.team.name} can transfer it.`);
    const next = await memberOf(tx, ctx.team.id, target.userId, target.displayName, ctx.team.name);
    await tx.membership.update({
      where: { id: current.id },
      data: { roleId: await builtinRoleId(tx, ctx.team.id, 'co-owner') },
    });
    await tx.membership.update({ where: { id: next.id }, data: { roleId: current.roleId } });
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'team.transfer',
      target: target.displayName,
      at: deps.clock.now(),
    });
  });
}

/** A person joins a team with a role (by invite link or invitation), with the audit line that says how. */
export async function addMember(
  tx: Tx,
  join: {
    teamId: string;
    user: { userId: string; displayName: string };
    role: { id: string; name: string };
    via: 'invite link' | 'invitation';
    at: Date;
  },
) {
  await tx.membership.create({
    data: { teamId: join.teamId, userId: join.user.userId, roleId: join.role.id, joinedAt: join.at },
  });
  await recordAudit(tx, {
    teamId: join.teamId,
    actorId: join.user.userId,
    action: 'member.join',
    target: join.user.displayName,
    details: { role: join.role.name, via: join.via },
    at: join.at,
  });
}
