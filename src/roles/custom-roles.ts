import { recordAudit } from '../audit/record-audit.ts';
import { onUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { builtinRoleId, lockTeam } from '../teams/team-records.ts';
import { findRole, foldRoleName } from './find-role.ts';
import {
  DELEGABLE_PERMISSIONS,
  type DelegablePermission,
  isDelegablePermission,
  OWNER_ONLY_PERMISSIONS,
} from './permissions.ts';

/** "billing.view, resources.launch" or "billing.view resources.launch" → validated permissions. */
export function parsePermissionList(text: string): DelegablePermission[] {
  const words = text
    .split(/[\s,]+/)
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0)
    throw new TallyError('invalid_permissions', `Name at least one permission: ${DELEGABLE_PERMISSIONS.join(', ')}.`);
  for (const word of words) {
    if ((OWNER_ONLY_PERMISSIONS as readonly string[]).includes(word)) {
      throw new TallyError(
        'owner_only_permission',
        `${word} belongs to the Owner alone and cannot be given to a role.`,
      );
    }
    if (!isDelegablePermission(word)) {
      throw new TallyError(
        'invalid_permissions',
        `"${word}" is not a permission. Permissions: ${DELEGABLE_PERMISSIONS.join(', ')}.`,
      );
    }
  }
  return [...new Set(words as DelegablePermission[])].sort();
}

function nameTaken(name: string): TallyError {
  return new TallyError('role_name_taken', `There is already a role called "${name}" in this team.`);
}

/** Any member may see the roles: the context need only be checked for membership. */
export async function listRoles(deps: Deps, ctx: TeamContext) {
  return deps.db.role.findMany({
    where: { teamId: ctx.team.id },
    include: { _count: { select: { memberships: true } } },
    orderBy: { createdAt: 'asc' },
  });
}

export async function createRole(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'roles.manage'>,
  name: string,
  permissions: DelegablePermission[],
) {
  const taken = () => nameTaken(name);
  return onUniqueViolation(taken, () =>
    deps.db.$transaction(async (tx) => {
      await lockTeam(tx, ctx.team.id);
      const at = deps.clock.now();
      const role = await tx.role.create({
        data: { teamId: ctx.team.id, name, nameFolded: foldRoleName(name), permissions, createdAt: at },
      });
      await recordAudit(tx, {
        teamId: ctx.team.id,
        actorId,
        action: 'role.create',
        target: name,
        details: { permissions: permissions.join(',') },
        at,
      });
      return role;
    }),
  );
}

export async function editRole(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'roles.manage'>,
  roleName: string,
  changes: { name?: string; permissions?: DelegablePermission[] },
) {
  if (changes.name === undefined && changes.permissions === undefined) {
    throw new TallyError(
      'nothing_to_change',
      md`Tell me what to change: \`name:"New name"\` and/or \`permissions:"billing.view,resources.launch"\`.`,
    );
  }
  const taken = () => nameTaken(changes.name ?? roleName);
  return onUniqueViolation(taken, () =>
    deps.db.$transaction(async (tx) => {
      await lockTeam(tx, ctx.team.id);
      const role = await findRole(tx, ctx.team.id, roleName);
      if (role.key)
        throw new TallyError(
          'builtin_role',
          `${role.name} is a built-in role; its permissions are fixed. Create a custom role instead.`,
        );
      const updated = await tx.role.update({
        where: { id: role.id },
        data: {
          ...(changes.name !== undefined && { name: changes.name, nameFolded: foldRoleName(changes.name) }),
          ...(changes.permissions !== undefined && { permissions: changes.permissions }),
        },
      });
      await recordAudit(tx, {
        teamId: ctx.team.id,
        actorId,
        action: 'role.edit',
        target: role.name,
        details: { name: updated.name, permissions: updated.permissions.join(',') },
        at: deps.clock.now(),
      });
      return updated;
    }),
  );
}

export async function deleteRole(deps: Deps, actorId: string, ctx: TeamContext<'roles.manage'>, roleName: string) {
  return deps.db.$transaction(async (tx) => {
    await lockTeam(tx, ctx.team.id);
    const role = await findRole(tx, ctx.team.id, roleName);
    if (role.key) throw new TallyError('builtin_role', `${role.name} is a built-in role and cannot be deleted.`);
    const holders = await tx.membership.count({ where: { roleId: role.id } });
    if (holders > 0) {
      const give = md`give ${holders === 1 ? 'them' : 'each'} another role with \`/team role @person <role>\` first.`;
      throw new TallyError(
        'role_in_use',
        md`${holders} member${holders === 1 ? ' has' : 's have'} the role ${role.name}: ${give}`,
      );
    }
    const keys = await tx.apiKey.findMany({ where: { roleId: role.id, revokedAt: null }, select: { name: true } });
    if (keys.length > 0) {
      const names = keys.map((k) => k.name).join(', ');
      const revoke = md`revoke ${keys.length === 1 ? 'it' : 'them'} with \`/team apikey revoke\` first.`;
      throw new TallyError('role_in_use', md`The role ${role.name} is held by API keys ${names}: ${revoke}`);
    }
    const at = deps.clock.now();
    // Revoked keys keep a role only for the record: Member stands in for one deleted.
    await tx.apiKey.updateMany({
      where: { roleId: role.id },
      data: { roleId: await builtinRoleId(tx, ctx.team.id, 'member') },
    });
    // Invite links and invitations that would grant the role go with it.
    await tx.inviteLink.deleteMany({ where: { roleId: role.id } });
    await tx.invitation.deleteMany({ where: { roleId: role.id } });
    await tx.role.delete({ where: { id: role.id } });
    await recordAudit(tx, { teamId: ctx.team.id, actorId, action: 'role.delete', target: role.name, at });
  });
}
