import type { InviteLink, Team } from '../generated/prisma/client.ts';

/** Why an invite link admits nobody any more. */
export type LinkProblem = 'team_deleted' | 'disabled' | 'expired' | 'used_up';

/**
 * The one rule for whether a link still admits someone, shared by `/team join`, `/team invite` and
 * the join page; null while it does. A deleted team's links are revoked too, but saying the team is
 * gone tells the holder more than "disabled".
 */
export function linkProblem(
  link: Pick<InviteLink, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>,
  team: Pick<Team, 'deletedAt'>,
  now: Date,
): LinkProblem | null {
  if (team.deletedAt) return 'team_deleted';
  if (link.revokedAt) return 'disabled';
  if (link.expiresAt && link.expiresAt <= now) return 'expired';
  if (link.maxUses !== null && link.uses >= link.maxUses) return 'used_up';
  return null;
}
