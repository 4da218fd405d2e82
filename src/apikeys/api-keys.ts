import { recordAudit } from '../audit/record-audit.ts';
import { onUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { randomBase32, sha256Hex } from '../ids.ts';
import { md } from '../rich-text.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { foldName } from '../teams/team-records.ts';

/** `tly_<8-char prefix>_<32-char secret>`: 160 random bits; the prefix identifies it in lists and logs. */
function newSecret() {
  const prefix = randomBase32(8).toLowerCase();
  return { prefix, token: `tly_${prefix}_${randomBase32(32).toLowerCase()}` };
}

export async function createApiKey(deps: Deps, actorId: string, ctx: TeamContext<'apikeys.manage'>, name: string) {
  const { prefix, token } = newSecret();
  const taken = () =>
    new TallyError('apikey_name_taken', `${ctx.team.name} already has a live API key called "${name}".`);
  const key = await onUniqueViolation(taken, () =>
    deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const created = await tx.apiKey.create({
        data: {
          teamId: ctx.team.id,
          name,
          liveName: foldName(name),
          prefix,
          secretHash: sha256Hex(token),
          createdById: actorId,
          createdAt: at,
        },
      });
      await recordAudit(tx, {
        teamId: ctx.team.id,
        actorId,
        action: 'apikey.create',
        target: name,
        details: { prefix },
        at,
      });
      return created;
    }),
  );
  return { key, token };
}

export async function listApiKeys(deps: Deps, ctx: TeamContext<'apikeys.manage'>) {
  return deps.db.apiKey.findMany({ where: { teamId: ctx.team.id, revokedAt: null }, orderBy: { createdAt: 'asc' } });
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

/** For the HTTP API: the team a presented token belongs to, or null. Compares hashes only. */
export async function authenticateApiKey(deps: Deps, token: string) {
  const match = /^tly_([0-9a-z]{8})_[0-9a-z]{32}$/.exec(token.trim());
  if (!match) return null;
  const key = await deps.db.apiKey.findUnique({ where: { prefix: match[1]! } });
  if (!key || key.revokedAt || key.secretHash !== sha256Hex(token.trim())) return null;
  await deps.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: deps.clock.now() } });
  return key;
}
