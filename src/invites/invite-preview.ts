import type { Deps } from '../deps.ts';
import { hashInviteCode, isInviteCodeShape } from './invite-code.ts';
import { type LinkProblem, linkProblem } from './link-state.ts';

/** What the holder of a link that still works may see before joining, and nothing else of the team. */
export interface ValidInvite {
  state: 'valid';
  teamName: string;
  /** Who made the link, to be asked about it; null if that person is no longer known. */
  inviter: string | null;
  roleName: string;
  expiresAt: Date | null;
  /** Joins left on a link with a limit; null for no limit. */
  usesLeft: number | null;
}

/** A link Tally knows that admits nobody: why, and whom the holder can ask for a new one. */
export interface InvalidInvite {
  state: LinkProblem;
  teamName: string;
  inviter: string | null;
  expiresAt: Date | null;
  maxUses: number | null;
}

export type InvitePreview = ValidInvite | InvalidInvite | { state: 'unknown' };

/**
 * The join page's view of a code. Only reads: opening the page never uses a link up. A malformed
 * code is unknown without asking the database.
 */
export async function previewInvite(deps: Pick<Deps, 'db' | 'clock'>, code: string): Promise<InvitePreview> {
  if (!isInviteCodeShape(code)) return { state: 'unknown' };
  const link = await deps.db.inviteLink.findUnique({
    where: { codeHash: hashInviteCode(code) },
    include: { team: { select: { name: true, deletedAt: true } }, role: { select: { name: true } } },
  });
  if (!link) return { state: 'unknown' };
  const creator = await deps.db.user.findUnique({ where: { id: link.createdById }, select: { displayName: true } });
  const shown = { teamName: link.team.name, inviter: creator?.displayName ?? null, expiresAt: link.expiresAt };
  const problem = linkProblem(link, link.team, deps.clock.now());
  if (problem) return { state: problem, ...shown, maxUses: link.maxUses };
  const usesLeft = link.maxUses === null ? null : link.maxUses - link.uses;
  return { state: 'valid', ...shown, roleName: link.role.name, usesLeft };
}
