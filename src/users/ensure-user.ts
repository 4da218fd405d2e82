import { isUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import type { User } from '../generated/prisma/client.ts';
import type { IdentityRef } from '../ports/notifier.ts';
import { LIVE_MEMBERSHIPS, type LiveMembership } from '../teams/resolve-team.ts';
import { insertTeam } from '../teams/team-records.ts';
import { withoutHiddenCharacters } from '../text/visible-name.ts';

export interface IncomingIdentity extends IdentityRef {
  displayName: string;
  /**
   * For platforms that must ask for a name (Slack's users.info): asked only on first contact;
   * a person Tally knows keeps the name it has.
   */
  lookUpName?: () => Promise<string>;
}

/** What resolving the person's team needs, read once with the identity (memberships: when known already). */
export type TeamChoice = Pick<User, 'id' | 'activeTeamId' | 'personalTeamId'> & { memberships?: LiveMembership[] };

export interface Actor {
  userId: string;
  displayName: string;
  identity: IdentityRef;
}

/** The person a command comes from, with their user row as read on arrival (their team needs no second read). */
export interface Caller extends Actor {
  user: TeamChoice;
}

export const DISPLAY_NAME_MAX = 80;

/**
 * Platforms let people hide characters in their names; nobody typed this to Tally, so they are
 * dropped, not refused.
 */
function cleanDisplayName(name: string, fallback: string): string {
  const visible = withoutHiddenCharacters(name).slice(0, DISPLAY_NAME_MAX).trim();
  return visible || fallback;
}

/**
 * First contact registers the user, their identity and their personal team in one transaction;
 * later contacts find them. Two first messages at once race on the identity's unique key:
 * the loser reads what the winner wrote.
 */
export async function ensureUser(deps: Pick<Deps, 'db' | 'clock'>, incoming: IncomingIdentity): Promise<Caller> {
  const key = {
    platform: incoming.platform,
    workspaceId: incoming.workspaceId,
    platformUserId: incoming.platformUserId,
  };
  // One statement (relations load with joins): the identity, its user, and the teams the command may act on.
  const found = await deps.db.identity.findUnique({
    where: { platform_workspaceId_platformUserId: key },
    include: { user: { include: { memberships: LIVE_MEMBERSHIPS } } },
  });
  if (found) {
    const displayName = incoming.lookUpName
      ? found.displayName
      : cleanDisplayName(incoming.displayName, incoming.platformUserId);
    if (found.displayName !== displayName) {
      await deps.db.identity.update({ where: { id: found.id }, data: { displayName } });
      await deps.db.user.update({ where: { id: found.userId }, data: { displayName } });
    }
    return { userId: found.userId, displayName, identity: key, user: found.user };
  }
  const displayName = cleanDisplayName(
    incoming.lookUpName ? await incoming.lookUpName() : incoming.displayName,
    incoming.platformUserId,
  );
  try {
    const user = await deps.db.$transaction(async (tx) => {
      const at = deps.clock.now();
      const user = await tx.user.create({ data: { displayName, createdAt: at } });
      await tx.identity.create({ data: { ...key, userId: user.id, displayName, createdAt: at } });
      const team = await insertTeam(tx, {
        name: `${displayName} (personal)`,
        description: '',
        isPersonal: true,
        ownerId: user.id,
        at,
      });
      return tx.user.update({ where: { id: user.id }, data: { personalTeamId: team.id, activeTeamId: team.id } });
    });
    return { userId: user.id, displayName, identity: key, user };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await deps.db.identity.findUniqueOrThrow({
      where: { platform_workspaceId_platformUserId: key },
      include: { user: true },
    });
    return { userId: winner.userId, displayName, identity: key, user: winner.user };
  }
}

/** The name Tally already knows for an identity, so adapters ask their platform only once. */
export async function knownDisplayName(deps: Pick<Deps, 'db'>, identity: IdentityRef): Promise<string | null> {
  const { platform, workspaceId, platformUserId } = identity;
  const found = await deps.db.identity.findUnique({
    where: { platform_workspaceId_platformUserId: { platform, workspaceId, platformUserId } },
  });
  return found?.displayName ?? null;
}
