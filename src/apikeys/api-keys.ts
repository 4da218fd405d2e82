import { timingSafeEqual } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.ts';
import { MINUTE } from '../clock.ts';
import { onUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { randomBase32, sha256Hex } from '../ids.ts';
import { md } from '../rich-text.ts';
import { findRole } from '../roles/find-role.ts';
import { permissionsOf } from '../roles/permissions.ts';
import type { ResolvedTeam } from '../teams/resolve-team.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { builtinRoleId, foldName } from '../teams/team-records.ts';

/** `tly_<8-char prefix>_<32-char secret>`: 160 random bits; the prefix identifies it in lists and logs. */
function newSecret() {
  const prefix = randomBase32(8).toLowerCase();
  return { prefix, token: `tly_${prefix}_${randomBase32(32).toLowerCase()}` };
}

/** Who made the key may give it only rights they hold themselves, and never the Owner's. */
async function roleForKey(deps: Deps, ctx: TeamContext<'apikeys.manage'>, roleName: string | undefined) {
  const role = roleName
    ? await findRole(deps.db, ctx.team.id, roleName)
    : await deps.db.role.findUniqueOrThrow({ where: { id: await builtinRoleId(deps.db, ctx.team.id, 'member') } });
  if (role.key === 'owner')
    throw new TallyError(
      'owner_only_permission',
      'An API key cannot act as Owner: give it Co-Owner, Member or a custom role.',
    );
  const beyond = [...permissionsOf(role)].filter((permission) => !ctx.permissions.has(permission));
  if (beyond.length > 0) {
    const rights = beyond.join(', ');
    const yours = md`your role ${ctx.role.name} doesn't`;
    throw new TallyError(
      'permission_denied',
      md`The role ${role.name} holds ${rights}, which ${yours}: a key gets only rights you have.`,
      { permission: beyond[0]! },
    );
  }
  return role;
}

export async function createApiKey(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'apikeys.manage'>,
  name: string,
  roleName?: string,
) {
  const role = await roleForKey(deps, ctx, roleName);
  const { prefix, token } = newSecret();
  const taken = () =>
    new TallyError('apikey_name_taken', `${ctx.team.name} already has a live API key called "${name}".`);
  const key = await onUniqueViolation(taken, () =>
    deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      // How the user log, the ledger and resource lists name what the key did.
      const user = await tx.user.create({ data: { displayName: `API key ${name}`, createdAt: at } });
      const created = await tx.apiKey.create({
        data: {
          teamId: ctx.team.id,
          name,
          liveName: foldName(name),
          prefix,
          secretHash: sha256Hex(token),
          roleId: role.id,
          userId: user.id,
          createdById: actorId,
          createdAt: at,
        },
        include: { role: true },
      });
      await recordAudit(tx, {
        teamId: ctx.team.id,
        actorId,
        action: 'apikey.create',
        target: name,
        details: { prefix, role: role.name },
        at,
      });
      return created;
    }),
  );
  return { key, token };
}

export async function listApiKeys(deps: Deps, ctx: TeamContext<'apikeys.manage'>) {
  return deps.db.apiKey.findMany({
    where: { teamId: ctx.team.id, revokedAt: null },
    include: { role: true },
    orderBy: { createdAt: 'asc' },
  });
}

export async function revokeApiKey(deps: Deps, actorId: string, ctx: TeamContext<'apikeys.manage'>, name: string) {
  return deps.db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({
      where: { teamId_liveName: { teamId: ctx.team.id, liveName: foldName(name) } },
    });
    if (!key)
      throw new TallyError(
        'apikey_not_found',
        md`There is no live API key called "${name}". See \`/team apikey list\`.`,
      );
    const at = deps.clock.now();
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: at, liveName: null } });
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'apikey.revoke',
      target: key.name,
      details: { prefix: key.prefix },
      at,
    });
    return key;
  });
}

/** What the REST API acts as once a token checks out: the key, its own user, its team and role. */
export interface ApiCaller {
  key: { id: string; name: string; prefix: string };
  /** The key's own user row (no identity, no membership): audit lines and launches name it "API key <name>". */
  actor: { userId: string; displayName: string };
  /** The key's team with the key's role and that role's permissions, for authorizeTeam. */
  team: ResolvedTeam;
}

/** "Last used" is for people deciding which keys to revoke: minutes are precise enough, a write per request is not. */
export const LAST_USED_RESOLUTION_MS = 10 * MINUTE;

const TOKEN = /^tly_([0-9a-z]{8})_[0-9a-z]{32}$/;

/** The caller behind a presented token, or null: malformed, unknown, revoked, or its team deleted. */
export async function authenticateApiKey(deps: Deps, token: string): Promise<ApiCaller | null> {
  const presented = token.trim();
  const match = TOKEN.exec(presented);
  if (!match) return null;
  const key = await deps.db.apiKey.findUnique({
    where: { prefix: match[1]! },
    include: { team: true, role: true, user: true },
  });
  // Hashes of equal length compared in constant time: the stored hash never leaks by timing.
  const matches = key && timingSafeEqual(Buffer.from(key.secretHash), Buffer.from(sha256Hex(presented)));
  if (!key || !matches || key.revokedAt || key.team.deletedAt) return null;
  const now = deps.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so many requests at once after a quiet spell still write once.
    await deps.db.apiKey.updateMany({
      where: {
        id: key.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return {
    key: { id: key.id, name: key.name, prefix: key.prefix },
    actor: { userId: key.userId, displayName: key.user.displayName },
    team: { team: key.team, role: key.role, permissions: permissionsOf(key.role), apiKeyName: key.name },
  };
}
