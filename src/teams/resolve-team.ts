import type { Db } from '../db/prisma-client.ts';
import { TallyError } from '../errors.ts';
import type { Membership, Prisma, Role, Team } from '../generated/prisma/client.ts';
import { md } from '../rich-text.ts';
import { type Permission, permissionsOf } from '../roles/permissions.ts';
import type { TeamChoice } from '../users/ensure-user.ts';
import { foldName } from './team-records.ts';

/** A team the caller is in, with their role there: not yet checked for any permission. */
export interface ResolvedTeam {
  team: Team;
  role: Role;
  permissions: Set<Permission>;
  /** Set when an API key acts, with its role: refusals name the key, not "your role". */
  apiKeyName?: string;
}

function toContext({ team, role }: Membership & { team: Team; role: Role }): ResolvedTeam {
  return { team, role, permissions: permissionsOf(role) };
}

/**
 * What everyone may call their own personal team, in `team:` and `/team switch`. It always means
 * that team, never another called "personal" (that one answers to its id; new ones can't take the name).
 */
export const PERSONAL_TEAM_WORD = 'personal';

export function isPersonalTeamWord(ref: string): boolean {
  return foldName(ref) === PERSONAL_TEAM_WORD;
}

/** The caller's memberships of live teams, with team and role, oldest first: as a query's part, or on its own. */
export const LIVE_MEMBERSHIPS = {
  where: { team: { deletedAt: null } },
  include: { team: true, role: true },
  orderBy: { joinedAt: 'asc' },
} as const satisfies Prisma.MembershipFindManyArgs;

export type LiveMembership = Membership & { team: Team; role: Role };

export async function myMemberships(db: Db, userId: string): Promise<LiveMembership[]> {
  return db.membership.findMany({ ...LIVE_MEMBERSHIPS, where: { ...LIVE_MEMBERSHIPS.where, userId } });
}

/** A team the caller was in when it was deleted, by id or name (its books are kept). */
async function deletedTeamNamed(db: Db, userId: string, wanted: string) {
  const gone = await db.membership.findMany({
    where: { userId, team: { deletedAt: { not: null } } },
    include: { team: true, role: true },
    orderBy: { joinedAt: 'asc' },
  });
  const byId = gone.find((m) => m.team.id === wanted.toUpperCase());
  if (byId) return byId;
  const byName = gone.filter((m) => foldName(m.team.name) === foldName(wanted));
  if (byName.length > 1) {
    const ids = byName.map((m) => m.team.id).join(', ');
    throw new TallyError(
      'team_ambiguous',
      `You were in ${byName.length} deleted teams called "${wanted}": use the id instead (${ids}).`,
    );
  }
  return byName[0];
}

/**
 * The team a command acts on: the one named by `team:` (id or name, among the caller's own
 * teams only, so other teams' existence never leaks), else the caller's active team.
 */
export async function resolveTeam(
  db: Db,
  who: string | TeamChoice,
  ref?: string,
  options: { deleted?: boolean } = {},
): Promise<ResolvedTeam> {
  const userId = typeof who === 'string' ? who : who.id;
  // Passed in when the caller has just read them (dispatch, with the identity); read here otherwise.
  const userRow = () => (typeof who === 'string' ? db.user.findUniqueOrThrow({ where: { id: userId } }) : who);
  const memberships = (typeof who !== 'string' && who.memberships) || (await myMemberships(db, userId));
  if (ref !== undefined) {
    const wanted = ref.trim();
    const live = memberships.some(
      (m) => m.team.id === wanted.toUpperCase() || foldName(m.team.name) === foldName(wanted),
    );
    if (options.deleted && !live && !isPersonalTeamWord(wanted)) {
      const gone = await deletedTeamNamed(db, userId, wanted);
      if (gone) return toContext(gone);
    }
    const byId = memberships.find((m) => m.team.id === wanted.toUpperCase());
    if (byId) return toContext(byId);
    if (isPersonalTeamWord(wanted)) {
      const { personalTeamId } = await userRow();
      const personal = memberships.find((m) => m.teamId === personalTeamId);
      if (personal) return toContext(personal);
    }
    const byName = memberships.filter((m) => foldName(m.team.name) === foldName(wanted));
    if (byName.length === 1) return toContext(byName[0]!);
    if (byName.length > 1) {
      const ids = byName.map((m) => m.team.id).join(', ');
      throw new TallyError(
        'team_ambiguous',
        `You are in ${byName.length} teams called "${wanted}": use the id instead (${ids}).`,
      );
    }
    const yours = memberships.map((m) => `${m.team.name} (${m.team.id})`).join(', ');
    throw new TallyError('team_not_found', `You have no team called "${wanted}". Your teams: ${yours}.`);
  }
  const user = await userRow();
  const active =
    memberships.find((m) => m.teamId === user.activeTeamId) ??
    memberships.find((m) => m.teamId === user.personalTeamId);
  if (!active)
    throw new TallyError('no_team', md`You are not in any team yet. Create one with \`/team create <name>\`.`);
  return toContext(active);
}
