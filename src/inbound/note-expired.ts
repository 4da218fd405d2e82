import { recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { resolveTeam } from '../teams/resolve-team.ts';
import { type InboundCommand, recordedInvocation } from './recorded-commands.ts';

/** The team the command would have acted on, if the person is known and still in it; null otherwise. */
async function teamOf(deps: Pick<Deps, 'db'>, command: InboundCommand) {
  const { identity, args } = recordedInvocation(command);
  const known = await deps.db.identity.findUnique({
    where: {
      platform_workspaceId_platformUserId: {
        platform: identity.platform,
        workspaceId: identity.workspaceId,
        platformUserId: identity.platformUserId,
      },
    },
  });
  if (!known) return null;
  try {
    const ctx = await resolveTeam(deps.db, known.userId, typeof args.team === 'string' ? args.team : undefined);
    return { teamId: ctx.team.id, actorId: known.userId };
  } catch {
    return null; // no longer a member, or the team is gone: the log line below is all there is
  }
}

/**
 * A command acknowledged but never run, whose answer could no longer be sent (the platform's
 * window closed while the bot was down): it is not run, as nobody could be told the outcome, and
 * the team's user log says so.
 */
export async function noteExpiredCommand(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  command: InboundCommand,
): Promise<void> {
  const { path } = recordedInvocation(command);
  const where = await teamOf(deps, command);
  deps.log.warn('command expired before it could be answered: not run', {
    id: command.id,
    command: path,
    receivedAt: command.receivedAt.toISOString(),
    ...(where && { teamId: where.teamId }),
  });
  if (!where) return;
  await recordAudit(deps.db, {
    ...where,
    action: 'command.expired',
    target: `/${path}`,
    details: {
      platform: command.platform,
      received: command.receivedAt.toISOString(),
      reason: 'Tally stopped before running it, and its answer could no longer be sent',
    },
    at: deps.clock.now(),
  });
}
