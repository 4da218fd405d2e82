import { z } from 'zod';
import { ChannelOptionSchema, PersonRefSchema, type RawArgs, UserRefSchema } from '../commands/options.ts';
import type { Deps } from '../deps.ts';
import type { Invocation } from '../dispatch.ts';
import type { InboundCommand } from '../generated/prisma/client.ts';
import type { IdentityRef } from '../ports/notifier.ts';
import { THIS_PROCESS } from './this-process.ts';

/** Who sent an event, as the platform names them. */
export type RecordedIdentity = IdentityRef & { displayName: string };

/** An invocation as it is kept: the command by its path, people already resolved to references, no functions. */
export interface RecordedInvocation extends Pick<Invocation, 'idempotencyKey' | 'origin'> {
  identity: RecordedIdentity;
  path: string;
  args: RawArgs;
}

const RecordedInvocationSchema = z.object({
  identity: z.object({
    platform: z.string(),
    workspaceId: z.string(),
    platformUserId: z.string(),
    displayName: z.string(),
  }),
  path: z.string(),
  args: z.record(z.string(), z.union([z.string(), PersonRefSchema, UserRefSchema, ChannelOptionSchema])),
  idempotencyKey: z.string(),
  origin: z.object({
    platform: z.string(),
    optionSyntax: z.enum(['line', 'typed']).optional(),
    channelId: z.string().optional(),
  }),
});

/** What an adapter records before acknowledging; `answer` is in its own terms (a response_url, a token). */
export interface NewCommand<Answer> {
  /** The platform's id for the event: a repeat carries the same. */
  id: string;
  platform: string;
  invocation: RecordedInvocation;
  answer: Answer;
  /** How long the platform takes an answer after the event (Slack's response_url, Discord's token). */
  answerWithinMs: number;
}

export type { InboundCommand };

/** Shown when the one insert before the acknowledgement fails: nothing ran, so trying again is safe. */
export const NOT_RECORDED =
  'Tally could not take this command just now (its database did not answer), so nothing was done. ' +
  'Please try again in a minute.';

/**
 * The one statement before the acknowledgement, so it stays within the platforms' 3 seconds.
 * The platform's id for the event is the key: false means a repeat (a retry, a redelivery) of a
 * command already claimed, which is told so and not run (see handle-inbound.ts).
 */
export async function recordCommand<Answer extends object>(
  deps: Pick<Deps, 'db' | 'clock'>,
  command: NewCommand<Answer>,
): Promise<boolean> {
  const at = deps.clock.now();
  const { count } = await deps.db.inboundCommand.createMany({
    data: [
      {
        id: command.id,
        platform: command.platform,
        owner: THIS_PROCESS,
        invocation: command.invocation as object,
        answer: command.answer,
        receivedAt: at,
        answerBy: new Date(at.getTime() + command.answerWithinMs),
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

/**
 * After the answer went out. Conditional on still owning it: if another process took it over
 * (this one was taken for gone), that one answers, and this says so with false.
 */
export async function markCommandDone(deps: Pick<Deps, 'db' | 'clock' | 'log'>, id: string): Promise<boolean> {
  const { count } = await deps.db.inboundCommand.updateMany({
    where: { id, status: 'received', owner: THIS_PROCESS },
    data: { status: 'done', finishedAt: deps.clock.now() },
  });
  if (count === 0) deps.log.warn('command answered, but another process had taken it over', { id });
  return count === 1;
}

/** Not run after all: its answer could no longer be sent. Conditional on still owning it, like `markCommandDone`. */
export async function markCommandExpired(deps: Pick<Deps, 'db' | 'clock'>, id: string): Promise<boolean> {
  const { count } = await deps.db.inboundCommand.updateMany({
    where: { id, status: 'received', owner: THIS_PROCESS },
    data: { status: 'expired', finishedAt: deps.clock.now() },
  });
  return count === 1;
}

/** The invocation a record holds, checked: it was written by an adapter of this or an older release. */
export function recordedInvocation(command: Pick<InboundCommand, 'invocation'>): RecordedInvocation {
  return RecordedInvocationSchema.parse(command.invocation) as RecordedInvocation;
}
