import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { MINUTE } from '../../src/clock.ts';
import type { Deps } from '../../src/deps.ts';
import { dispatch } from '../../src/dispatch.ts';
import { randomBase32 } from '../../src/ids.ts';
import {
  type InboundCommand,
  markCommandDone,
  type NewCommand,
  NOT_RECORDED,
  type RecordedInvocation,
  recordCommand,
  recordedInvocation,
} from '../../src/inbound/recorded-commands.ts';
import { failure, type Reply } from '../../src/reply.ts';
import { deliver } from './deliver.ts';
import { publishHome } from './listeners/app-home.ts';
import { respondTo } from './response-url.ts';
import { namePeople, SLACK, slackIdentity } from './slack-people.ts';

/** Slack takes answers on a response_url for 30 minutes; later ones are not run. */
const ANSWER_WITHIN_MS = 30 * MINUTE;

const SlackAnswerSchema = z.object({
  userId: z.string(),
  /** Slash commands and message buttons; forms answer in the channel or by DM. */
  responseUrl: z.string().optional(),
  channelId: z.string().optional(),
  /** A button on the App Home tab: the tab is published again after the answer. */
  refreshHome: z.boolean().optional(),
});
export type SlackAnswer = z.infer<typeof SlackAnswerSchema>;

export type SlackCommand = NewCommand<SlackAnswer>;

export function slackCommand(id: string, invocation: RecordedInvocation, answer: SlackAnswer): SlackCommand {
  return { id, platform: SLACK, invocation, answer, answerWithinMs: ANSWER_WITHIN_MS };
}

/**
 * Records the command, then acknowledges it (one insert before the ack, within Slack's 3 seconds).
 * True when it should run; a repeat is acknowledged and dropped, and if the record cannot be
 * written the person is told at once, as nothing will run.
 */
export async function recordThenAck(
  deps: Deps,
  ack: () => Promise<void>,
  command: SlackCommand,
  tell: (reply: Reply) => Promise<unknown>,
): Promise<boolean> {
  let fresh: boolean;
  try {
    fresh = await recordCommand(deps, command);
  } catch (error) {
    await ack();
    const reference = randomBase32(8);
    deps.log.error('could not record a command', { reference, id: command.id, error: (error as Error).message });
    await tell(failure(`${NOT_RECORDED} (reference ${reference})`));
    return false;
  }
  await ack();
  return fresh;
}

/** Runs a recorded command and answers it: the same path for a fresh one and for one resumed after a restart. */
export async function runSlackCommand(
  deps: Deps,
  client: webApi.WebClient,
  command: Pick<SlackCommand, 'id' | 'invocation' | 'answer'>,
): Promise<void> {
  const { identity, args, ...rest } = command.invocation;
  const { answer } = command;
  const reply = await dispatch(deps, {
    ...rest,
    identity: slackIdentity(deps, client, identity.workspaceId, identity.platformUserId, identity.displayName),
    args: await namePeople(deps, client, args),
  });
  await deliver(
    {
      client,
      log: deps.log,
      userId: answer.userId,
      respond: answer.responseUrl ? respondTo(answer.responseUrl) : undefined,
      channelId: answer.channelId,
    },
    reply,
  );
  await markCommandDone(deps, command.id);
  if (answer.refreshHome) await publishHome(deps, client, identity.workspaceId, answer.userId);
}

/** A command recorded by a process that died before answering it. */
export function resumeSlackCommand(deps: Deps, client: webApi.WebClient, command: InboundCommand): Promise<void> {
  return runSlackCommand(deps, client, {
    id: command.id,
    invocation: recordedInvocation(command),
    answer: SlackAnswerSchema.parse(command.answer),
  });
}
