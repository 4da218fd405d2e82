import { recordAudit } from '../audit/record-audit.ts';
import { DAY } from '../clock.ts';
import type { PersonRef } from '../commands/options.ts';
import { onUniqueViolation } from '../db/db-errors.ts';
import type { Tx } from '../db/prisma-client.ts';
import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { addMember } from '../teams/membership.ts';
import type { TeamContext } from '../teams/team-context.ts';
import { ensureUser } from '../users/ensure-user.ts';
import { knownPerson } from '../users/find-person.ts';
import { roleForInvite } from './invite-links.ts';

export const INVITATION_LIFETIME_MS = 7 * DAY;

interface Person {
  userId: string;
  displayName: string;
}

/**
 * Whom a direct invitation goes to. The invitation and its DM are addressed to a user, so someone
 * Tally never met is registered here (as on first contact), the one lookup that may create a
 * person; only once the role checks out, so a refused invitation creates nobody.
 */
export async function inviteeFor(
  deps: Deps,
  ctx: TeamContext<'members.invite'>,
  person: PersonRef,
  roleName?: string,
): Promise<Person> {
  const known = await knownPerson(deps, person);
  if (known) return known;
  if (person.kind === 'user') throw new TallyError('person_unknown', 'I do not know that person any more.');
  await roleForInvite(deps, ctx.team.id, roleName);
  return ensureUser(deps, person);
}

export async function inviteDirect(
  deps: Deps,
  inviter: Person,
  ctx: TeamContext<'members.invite'>,
  invitee: Person,
  roleName?: string,
) {
  if (invitee.userId === inviter.userId) throw new TallyError('invite_self', 'You are already in this team.');
  const role = await roleForInvite(deps, ctx.team.id, roleName);
  const now = deps.clock.now();
  const member = await deps.db.membership.findUnique({
    where: { teamId_userId: { teamId: ctx.team.id, userId: invitee.userId } },
  });
  if (member) throw new TallyError('already_member', `${invitee.displayName} is already a member of ${ctx.team.name}.`);
  const pending = await deps.db.invitation.findFirst({
    where: { teamId: ctx.team.id, inviteeId: invitee.userId, status: 'pending', expiresAt: { gt: now } },
  });
  if (pending)
    throw new TallyError(
      'already_invited',
      `${invitee.displayName} already has a pending invitation to ${ctx.team.name}. Cancel it first to send a new one.`,
    );
  return deps.db.$transaction(async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        teamId: ctx.team.id,
        inviteeId: invitee.userId,
        inviterId: inviter.userId,
        roleId: role.id,
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
        createdAt: now,
      },
      include: { role: true, team: true },
    });
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId: inviter.userId,
      action: 'invitation.send',
      target: invitee.displayName,
      details: { role: role.name },
      at: now,
    });
    return invitation;
  });
}

async function pendingInvitation(deps: Deps, invitationId: string) {
  const invitation = await deps.db.invitation.findUnique({
    where: { id: invitationId },
    include: { team: true, role: true, invitee: true },
  });
  if (!invitation) throw new TallyError('invitation_unknown', 'That invitation does not exist any more.');
  if (invitation.status !== 'pending')
    throw new TallyError(
      'invitation_answered',
      `That invitation to ${invitation.team.name} was already ${invitation.status}.`,
    );
  if (invitation.team.deletedAt)
    throw new TallyError('invitation_answered', `${invitation.team.name} no longer exists.`);
  if (invitation.expiresAt <= deps.clock.now())
    throw new TallyError(
      'invitation_expired',
      `That invitation to ${invitation.team.name} has expired. Ask for a new one.`,
    );
  return invitation;
}

/** Moves a pending invitation to its answer; the conditional update makes a double click count once. */
async function answer(tx: Tx, invitationId: string, status: 'accepted' | 'declined' | 'cancelled', now: Date) {
  const { count } = await tx.invitation.updateMany({
    where: { id: invitationId, status: 'pending' },
    data: { status, answeredAt: now },
  });
  if (count === 0) throw new TallyError('invitation_answered', 'That invitation was already answered.');
}

export async function acceptInvitation(deps: Deps, user: Person, invitationId: string) {
  const invitation = await pendingInvitation(deps, invitationId);
  if (invitation.inviteeId !== user.userId)
    throw new TallyError('invitation_not_yours', 'That invitation is addressed to someone else.');
  const now = deps.clock.now();
  const alreadyMember = () => new TallyError('already_member', `You are already a member of ${invitation.team.name}.`);
  await onUniqueViolation(alreadyMember, () =>
    deps.db.$transaction(async (tx) => {
      await answer(tx, invitationId, 'accepted', now);
      await addMember(tx, { teamId: invitation.teamId, user, role: invitation.role, via: 'invitation', at: now });
    }),
  );
  return invitation;
}

export async function declineInvitation(deps: Deps, user: Person, invitationId: string) {
  const invitation = await pendingInvitation(deps, invitationId);
  if (invitation.inviteeId !== user.userId)
    throw new TallyError('invitation_not_yours', 'That invitation is addressed to someone else.');
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await answer(tx, invitationId, 'declined', now);
    await recordAudit(tx, {
      teamId: invitation.teamId,
      actorId: user.userId,
      action: 'invitation.decline',
      target: user.displayName,
      at: now,
    });
  });
  return invitation;
}

export async function cancelInvitation(
  deps: Deps,
  actorId: string,
  ctx: TeamContext<'members.invite'>,
  invitationId: string,
) {
  const invitation = await pendingInvitation(deps, invitationId);
  if (invitation.teamId !== ctx.team.id)
    throw new TallyError('invitation_unknown', `That invitation is not one of ${ctx.team.name}'s.`);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await answer(tx, invitationId, 'cancelled', now);
    await recordAudit(tx, {
      teamId: ctx.team.id,
      actorId,
      action: 'invitation.cancel',
      target: invitation.invitee.displayName,
      at: now,
    });
  });
  return invitation;
}

export async function pendingForUser(deps: Deps, userId: string) {
  return deps.db.invitation.findMany({
    where: { inviteeId: userId, status: 'pending', expiresAt: { gt: deps.clock.now() }, team: { deletedAt: null } },
    include: { team: true, role: true, inviter: true },
    orderBy: { createdAt: 'asc' },
  });
}

export async function pendingForTeam(deps: Deps, ctx: TeamContext<'members.invite'>) {
  return deps.db.invitation.findMany({
    where: { teamId: ctx.team.id, status: 'pending', expiresAt: { gt: deps.clock.now() } },
    include: { invitee: true, role: true, inviter: true },
    orderBy: { createdAt: 'asc' },
  });
}
