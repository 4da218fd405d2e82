import type { Db } from '../db/prisma-client.ts';
import { TallyError } from '../errors.ts';
import { foldName } from '../teams/team-records.ts';

/** "co-owner", "Co-Owner", "coowner" and "co owner" all mean the built-in Co-Owner. */
export function foldRoleName(name: string): string {
  const folded = foldName(name).replace(/[\s_]+/g, '-');
  return folded === 'coowner' ? 'co-owner' : folded;
}

export async function findRole(db: Db, teamId: string, name: string) {
  const folded = foldRoleName(name);
  const role = await db.role.findFirst({ where: { teamId, OR: [{ key: folded }, { nameFolded: folded }] } });
  if (role) return role;
  const roles = await db.role.findMany({ where: { teamId }, orderBy: { createdAt: 'asc' } });
  throw new TallyError(
    'role_not_found',
    `There is no role "${name}" in this team. Roles: ${roles.map((r) => r.name).join(', ')}.`,
  );
}
