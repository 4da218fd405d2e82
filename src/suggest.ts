import type { Autocomplete } from './commands/options.ts';
import { recentMonths } from './credits/statement.ts';
import type { Deps } from './deps.ts';
import type { Permission } from './roles/permissions.ts';
import { myMemberships, resolveTeam } from './teams/resolve-team.ts';
import { foldName } from './teams/team-records.ts';
import { ensureUser, type IncomingIdentity } from './users/ensure-user.ts';

export interface Suggestion {
  name: string;
  value: string;
}

const MAX = 25;

/** Suggesting names shows them: the same permission as listing them. */
const NEEDS: Partial<Record<Autocomplete, Permission>> = {
  apikey: 'apikeys.manage',
  resource: 'resources.view',
  sshkey: 'resources.view',
};

/**
 * Autocomplete answers: only what the person could use anyway (their own teams, and names
 * inside the team they act on), never another team's data. Unknown team → no suggestions.
 */
export async function suggest(
  deps: Deps,
  identity: IncomingIdentity,
  kind: Autocomplete,
  typed: string,
  teamRef?: string,
): Promise<Suggestion[]> {
  const prefix = foldName(typed);
  const pick = (values: { name: string; value: string }[]) =>
    values.filter((v) => foldName(v.name).includes(prefix)).slice(0, MAX);
  // Suggestions from the cloud's offers, cached; none while they cannot be read.
  const offers = kind === 'flavor' || kind === 'model' ? await deps.catalog.current().catch(() => null) : null;
  if (kind === 'flavor')
    return pick((offers?.instances ?? []).map((o) => ({ name: `${o.id}: ${o.label}`.slice(0, 100), value: o.id })));
  if (kind === 'month')
    return pick(
      recentMonths(deps.clock.now()).map((m, i) => ({
        name: `${m.label} (${m.key}${i === 0 ? ', this month' : ''})`,
        value: m.key,
      })),
    );
  if (kind === 'model')
    return pick((offers?.inference ?? []).map((o) => ({ name: `${o.id}: ${o.label}`.slice(0, 100), value: o.id })));
  const actor = await ensureUser(deps, identity);
  if (kind === 'team')
    return pick(
      (await myMemberships(deps.db, actor.userId)).map((m) => ({
        name: `${m.team.name} (${m.team.id})`,
        value: m.team.id,
      })),
    );
  let teamId: string;
  try {
    const ctx = await resolveTeam(deps.db, actor.userId, teamRef || undefined);
    const needed = NEEDS[kind];
    if (needed && !ctx.permissions.has(needed)) return [];
    teamId = ctx.team.id;
  } catch {
    return [];
  }
  switch (kind) {
    case 'resource':
      return pick(
        (
          await deps.db.resource.findMany({
            where: { teamId, liveName: { not: null } },
            orderBy: { startedAt: 'desc' },
            take: 100,
          })
        ).map((r) => ({ name: r.name, value: r.name })),
      );
    case 'role':
      return pick(
        (await deps.db.role.findMany({ where: { teamId, NOT: { key: 'owner' } }, orderBy: { createdAt: 'asc' } })).map(
          (r) => ({ name: r.name, value: r.name }),
        ),
      );
    case 'sshkey':
      return pick(
        (await deps.db.sshKey.findMany({ where: { teamId }, orderBy: { createdAt: 'asc' } })).map((k) => ({
          name: k.name,
          value: k.name,
        })),
      );
    case 'apikey':
      return pick(
        (await deps.db.apiKey.findMany({ where: { teamId, revokedAt: null }, orderBy: { createdAt: 'asc' } })).map(
          (k) => ({ name: k.name, value: k.name }),
        ),
      );
  }
}
