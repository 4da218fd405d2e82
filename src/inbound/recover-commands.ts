import { MINUTE } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { noteExpiredCommand } from './note-expired.ts';
import type { InboundCommand } from './recorded-commands.ts';
import { type Liveness, THIS_PROCESS } from './this-process.ts';

/** How an adapter runs and answers a recorded command: dispatch, answer, mark done. */
export type ResumeCommand = (command: InboundCommand) => Promise<void>;

export interface RecoveryOptions {
  liveness: Liveness;
  /** By platform: the adapters running now. Commands of another platform wait for a process that has it. */
  resume: Partial<Record<string, ResumeCommand>>;
}

export interface RecoveryReport {
  resumed: number;
  expired: number;
  failed: number;
}

/** An answer begun this close to the platform's deadline may arrive after it. */
const DEADLINE_MARGIN_MS = MINUTE;

/**
 * Commands acknowledged by a process that died before answering: those whose answer channel is
 * still open are run (dispatch replays money by the record's idempotency key) and answered; the
 * others are marked expired, not run, and noted in the team's user log. Each row is taken over
 * by a conditional update on its old owner, so of two processes recovering at once one gets it.
 */
export async function recoverCommands(deps: Deps, options: RecoveryOptions): Promise<RecoveryReport> {
  const owners = await deps.db.inboundCommand.findMany({
    where: { status: 'received', owner: { not: THIS_PROCESS } },
    distinct: ['owner'],
    select: { owner: true },
  });
  const gone: string[] = [];
  for (const { owner } of owners) if (await options.liveness.isGone(owner)) gone.push(owner);
  if (gone.length === 0) return { resumed: 0, expired: 0, failed: 0 };

  const now = deps.clock.now();
  const expired = await deps.db.inboundCommand.updateManyAndReturn({
    where: { status: 'received', owner: { in: gone }, answerBy: { lte: new Date(now.getTime() + DEADLINE_MARGIN_MS) } },
    data: { status: 'expired', owner: THIS_PROCESS, finishedAt: now },
  });
  for (const command of expired) await noteExpiredCommand(deps, command);

  const taken = await deps.db.inboundCommand.updateManyAndReturn({
    where: { status: 'received', owner: { in: gone }, platform: { in: Object.keys(options.resume) } },
    data: { owner: THIS_PROCESS },
  });
  taken.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()); // in the order people sent them
  const outcomes = await Promise.allSettled(taken.map((command) => options.resume[command.platform]!(command)));
  outcomes.forEach((outcome, i) => {
    // It stays `received` under this process: the next start-up tries again while the answer channel is open.
    if (outcome.status === 'rejected')
      deps.log.error('recovered command failed', { id: taken[i]!.id, error: (outcome.reason as Error).message });
  });
  return {
    resumed: taken.length,
    expired: expired.length,
    failed: outcomes.filter((o) => o.status === 'rejected').length,
  };
}
