import type { Deps } from '../deps.ts';
import { LIVE_STATUSES } from '../resources/live-statuses.ts';
import type { TeamContext } from './team-context.ts';

/** What `/team info` and `GET /api/v1/team` show of a team: its Owner, how many members, what runs. */
export async function teamDetails(deps: Pick<Deps, 'db'>, ctx: TeamContext) {
  const teamId = ctx.team.id;
  const [members, liveResources, owner] = await Promise.all([
    deps.db.membership.count({ where: { teamId } }),
    deps.db.resource.count({ where: { teamId, status: { in: LIVE_STATUSES } } }),
    deps.db.membership.findFirst({ where: { teamId, role: { key: 'owner' } }, include: { user: true } }),
  ]);
  return { members, liveResources, ownerName: owner?.user.displayName ?? null };
}
