import type { Deps } from './deps.ts';
import type { Reply } from './reply.ts';
import { permissionsOf, type Permission } from './roles/permissions.ts';

/** DMs one user on every platform where they have an identity. Delivery problems are logged, never thrown. */
export async function notifyUser(deps: Pick<Deps, 'db' | 'notifier' | 'log'>, userId: string, message: Reply): Promise<void> {
  const identities = await deps.db.identity.findMany({ where: { userId } });
  for (const identity of identities) {
    try {
      await deps.notifier.sendDirect(identity, message);
    } catch (error) {
      deps.log.warn('direct message not delivered', { userId, platform: identity.platform, error: (error as Error).message });
    }
  }
}

/** Members of a team holding a permission, with their role names: for denials and for notices. */
export async function holdersOf(deps: Pick<Deps, 'db'>, teamId: string, permission: Permission) {
  const memberships = await deps.db.membership.findMany({ where: { teamId }, include: { user: true, role: true }, orderBy: { joinedAt: 'asc' } });
  return memberships.filter((m) => permissionsOf(m.role).has(permission)).map((m) => ({ userId: m.userId, displayName: m.user.displayName, role: m.role.name }));
}
