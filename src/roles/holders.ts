import type { Db } from '../db/prisma-client.ts';
import { type Permission, permissionsOf } from './permissions.ts';

/** Members of a team holding a permission, with their role names and identities: for denials and for notices. */
export async function holdersOf(db: Db, teamId: string, permission: Permission) {
  const memberships = await db.membership.findMany({
    where: { teamId },
    include: { user: { include: { identities: true } }, role: true },
    orderBy: { joinedAt: 'asc' },
  });
  return memberships
    .filter((m) => permissionsOf(m.role).has(permission))
    .map((m) => ({
      userId: m.userId,
      displayName: m.user.displayName,
      role: m.role.name,
      identities: m.user.identities,
    }));
}
