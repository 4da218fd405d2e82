import type { Db, Tx } from '../db/prisma-client.ts';
import { newTeamId } from '../ids.ts';
import { BUILTIN_ROLE_KEYS, BUILTIN_ROLES } from '../roles/permissions.ts';

export const TEAM_NAME_MAX = 64;
export const TEAM_DESCRIPTION_MAX = 280;

/** How names compare: case-blind, and in NFC so "é" typed either way is the same letter. */
export function foldName(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/** A team with its three built-in roles and its Owner's membership, in the caller's transaction. */
export async function insertTeam(
  tx: Tx,
  input: { name: string; description: string; isPersonal: boolean; ownerId: string; at: Date },
) {
  const team = await tx.team.create({
    data: {
      id: newTeamId(),
      name: input.name,
      description: input.description,
      isPersonal: input.isPersonal,
      createdAt: input.at,
    },
  });
  const roleIds: Record<string, string> = {};
  for (const key of BUILTIN_ROLE_KEYS) {
    const role = await tx.role.create({
      data: {
        teamId: team.id,
        key,
        name: BUILTIN_ROLES[key].name,
        nameFolded: key,
        permissions: [],
        createdAt: input.at,
      },
    });
    roleIds[key] = role.id;
  }
  await tx.membership.create({
    data: { teamId: team.id, userId: input.ownerId, roleId: roleIds.owner!, joinedAt: input.at },
  });
  return team;
}

/**
 * Takes the team row's lock for the rest of the transaction, so membership and role changes
 * of one team happen one at a time and the one-Owner rule cannot be raced.
 */
export async function lockTeam(tx: Tx, teamId: string): Promise<void> {
  await tx.team.update({ where: { id: teamId }, data: { version: { increment: 1 } } });
}

export async function builtinRoleId(db: Db, teamId: string, key: 'owner' | 'co-owner' | 'member'): Promise<string> {
  const role = await db.role.findUniqueOrThrow({ where: { teamId_key: { teamId, key } } });
  return role.id;
}
