import type { PersonRef } from '../commands/options.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { md } from '../rich-text.ts';
import type { Actor } from './ensure-user.ts';

/**
 * A mentioned person as Tally knows them, or null for someone who never used Tally. Read only:
 * people are registered when they act themselves, never because someone named them.
 */
export async function knownPerson(deps: Pick<Deps, 'db'>, person: PersonRef): Promise<Actor | null> {
  if (person.kind === 'person') {
    const key = { platform: person.platform, workspaceId: person.workspaceId, platformUserId: person.platformUserId };
    const found = await deps.db.identity.findUnique({ where: { platform_workspaceId_platformUserId: key } });
    return found && { userId: found.userId, displayName: found.displayName, identity: key };
  }
  const user = await deps.db.user.findUnique({ where: { id: person.userId }, include: { identities: { take: 1 } } });
  const identity = user?.identities[0];
  if (!user || !identity) return null;
  return {
    userId: user.id,
    displayName: user.displayName,
    identity: {
      platform: identity.platform,
      workspaceId: identity.workspaceId,
      platformUserId: identity.platformUserId,
    },
  };
}

/** For commands about a team's members (role, remove, transfer): someone Tally never met cannot be one. */
export async function knownMember(deps: Pick<Deps, 'db'>, person: PersonRef, teamName: string): Promise<Actor> {
  const found = await knownPerson(deps, person);
  if (found) return found;
  if (person.kind === 'user') throw new TallyError('person_unknown', 'I do not know that person any more.');
  const invite = md`To add them, invite them with \`/team invite @${person.displayName}\`.`;
  throw new TallyError(
    'person_unknown',
    md`${person.displayName} has never used Tally, so they are not a member of ${teamName}. ${invite}`,
  );
}
