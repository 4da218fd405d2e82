import { recordAudit } from '../audit/record-audit.ts';
import { onUniqueViolation } from '../db/db-errors.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { formatTime } from '../format.ts';
import type { InviteLink, Team } from '../generated/prisma/client.ts';
import { md } from '../rich-text.ts';
import { findRole } from '../roles/find-role.ts';
import { addMember } from '../teams/membership.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { builtinRoleId } from '../teams/team-records.ts';
import { hashInviteCode, inviteUrl, newInviteCode } from './invite-code.ts';
import { type LinkProblem, linkProblem } from './link-state.ts';

export interface LinkSettings {
  roleName?: string;
  expiresInMs?: number | null;
  maxUses?: number;
  /** A public "Join team" post: its own link, alongside the team's shareable one. */
  posted?: boolean;
}

export async function roleForInvite(deps: Deps, teamId: string, roleName?: string) {
  const role = roleName
    ? await findRole(deps.db, teamId, roleName)
    : await deps.db.role.findUniqueOrThrow({ where: { id: await builtinRoleId(deps.db, teamId, 'member') } });
  if (role.key === 'owner')
    throw new TallyError(
      'owner_by_transfer',
      md`An invitation can never make someone Owner; ownership moves only by \`/team transfer\`.`,
    );
  return role;
}

/** A new link; the team's previous shareable link stops working at once (that is what "regenerate" means). */
export async function createInviteLink(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'members.invite'>,
  settings: LinkSettings,
) {
  const role = await roleForInvite(deps, ctx.team.id, settings.roleName);
  const code = newInviteCode();
  const at = deps.clock.now();
  const expiresAt = settings.expiresInMs ? new Date(at.getTime() + settings.expiresInMs) : null;
  const link = await deps.db.$transaction(async (tx) => {
    if (!settings.posted) {
      await tx.inviteLink.updateMany({
        where: { teamId: ctx.team.id, posted: false, revokedAt: null },
        data: { revokedAt: at },
      });
    }
    const created = await tx.inviteLink.create({
      data: {
        teamId: ctx.team.id,
        codeHash: hashInviteCode(code),
        roleId: role.id,
        posted: settings.posted ?? false,
        maxUses: settings.maxUses ?? null,
        expiresAt,
        createdById: actorId,
        createdAt: at,
      },
      include: { role: true },
    });
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: settings.posted ? 'invite.post' : 'invite.link',
      target: role.name,
      details: { expiresAt: expiresAt?.toISOString() ?? null, maxUses: settings.maxUses ?? null },
      at,
    });
    return created;
  });
  return { code, url: inviteUrl(deps.publicUrl, code), link };
}

/** The team's shareable link if it still admits anyone (regenerating revokes the others, so there is one at most). */
export async function currentInviteLink(deps: Deps, ctx: TeamContext<'members.invite'>) {
  const link = await deps.db.inviteLink.findFirst({
    where: { teamId: ctx.team.id, posted: false, revokedAt: null },
    include: { role: true },
    orderBy: { createdAt: 'desc' },
  });
  return link && linkProblem(link, ctx.team, deps.clock.now()) === null ? link : null;
}

export async function disableInviteLinks(deps: Deps, actorId: string, ctx: TeamContext<'members.invite'>) {
  return deps.db.$transaction(async (tx) => {
    const at = deps.clock.now();
    const { count } = await tx.inviteLink.updateMany({
      where: { teamId: ctx.team.id, revokedAt: null },
      data: { revokedAt: at },
    });
    if (count > 0)
      await recordAudit(tx, { teamId: ctx.team.id, actorId, action: 'invite.disable', details: { links: count }, at });
    return count;
  });
}

/**
 * Joins by code. Each way a code can fail has its own answer. The use counter is taken with a
 * conditional update, so a link with one use left admits exactly one of two simultaneous joiners.
 */
export async function joinByCode(deps: Deps, user: { userId: string; displayName: string }, code: string) {
  const link = await deps.db.inviteLink.findUnique({
    where: { codeHash: hashInviteCode(code) },
    include: { team: true, role: true },
  });
  if (!link)
    throw new TallyError(
      'invite_unknown',
      "That invite code doesn't exist. Check it was copied whole, or ask for a new link.",
    );
  const now = deps.clock.now();
  const problem = linkProblem(link, link.team, now);
  if (problem) throw linkProblemError(problem, link);
  const existing = await deps.db.membership.findUnique({
    where: { teamId_userId: { teamId: link.teamId, userId: user.userId } },
  });
  const alreadyMember = () =>
    new TallyError('already_member', `You are already a member of ${link.team.name}.`, { teamId: link.teamId });
  if (existing) throw alreadyMember();
  // Two joins by the same person at once: the second loses on the membership's unique key.
  await onUniqueViolation(alreadyMember, () =>
    deps.db.$transaction(async (tx) => {
      const taken = await tx.inviteLink.updateMany({
        where: {
          id: link.id,
          revokedAt: null,
          OR: [{ maxUses: null }, { uses: { lt: tx.inviteLink.fields.maxUses } }],
        },
        data: { uses: { increment: 1 } },
      });
      if (taken.count === 0) throw linkProblemError('used_up', link);
      await addMember(tx, { teamId: link.teamId, user, role: link.role, via: 'invite link', at: now });
    }),
  );
  return { team: link.team, role: link.role };
}

/** What `/team join` answers for each way a link can fail (the join page words them for the web). */
function linkProblemError(problem: LinkProblem, link: InviteLink & { team: Team }): TallyError {
  const team = link.team.name;
  switch (problem) {
    case 'team_deleted':
      return new TallyError('invite_disabled', `That invite was to ${team}, which has been deleted.`);
    case 'disabled':
      return new TallyError(
        'invite_disabled',
        `That invite to ${team} has been disabled or replaced. Ask a team admin for the current link.`,
      );
    case 'expired':
      return new TallyError(
        'invite_expired',
        `That invite to ${team} expired on ${formatTime(link.expiresAt!)}. Ask for a new one.`,
      );
    case 'used_up':
      return new TallyError(
        'invite_used_up',
        `That invite to ${team} has been used its maximum ${link.maxUses} times. Ask for a new one.`,
      );
  }
}
