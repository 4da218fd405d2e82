import type { Deps } from '../deps.ts';
import type { TeamContext } from '../teams/team-context.ts';

/** The latest entries of a team's user log, newest first, and the display names of who did them. */
export async function readUserLog(deps: Pick<Deps, 'db'>, ctx: TeamContext<'logs.view'>, limit: number) {
  const entries = await deps.db.auditEntry.findMany({
    where: { teamId: ctx.team.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  const people = await deps.db.user.findMany({
    where: { id: { in: entries.flatMap((e) => (e.actorId ? [e.actorId] : [])) } },
  });
  return { entries, nameOf: new Map(people.map((p) => [p.id, p.displayName])) };
}
