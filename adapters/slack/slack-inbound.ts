import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { MINUTE } from '../../src/clock.ts';
import type { Command } from '../../src/commands/define.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import type { Deps } from '../../src/deps.ts';
import { handleInbound, type InboundResponder, resumeInbound } from '../../src/inbound/handle-inbound.ts';
import { type InboundCommand, type RecordedIdentity, recordedInvocation } from '../../src/inbound/recorded-commands.ts';
import type { Reply } from '../../src/reply.ts';
import type { Work } from '../shared/work-queue.ts';
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

/** A slash command, button press or form submission, as its listener parsed it. */
export interface SlackEvent {
  /** Slack's id for the request (a retry or redelivery carries the same). */
  eventId: string;
  identity: RecordedIdentity;
  command: Command;
  args: RawArgs;
  idempotencyKey: string;
  channelId: string | undefined;
  answer: SlackAnswer;
}

/** What Slack needs of the adapter to answer: its client, and for a live request its ack and work queue. */
interface SlackAnswering {
  client: webApi.WebClient;
  ack?: () => Promise<void>;
  /**
   * Slash commands only: an acknowledgement that carries a message, shown to the person alone.
   * What is answered at once (a repeat, a claim not written) travels in it, as Discord's does.
   */
  ackWith?: (reply: Reply) => Promise<void>;
  work?: Work;
}

function slackResponder(
  deps: Deps,
  workspaceId: string,
  answer: SlackAnswer,
  { client, ack, ackWith, work }: SlackAnswering,
): InboundResponder {
  const audience = {
    client,
    log: deps.log,
    userId: answer.userId,
    respond: answer.responseUrl ? respondTo(answer.responseUrl) : undefined,
    channelId: answer.channelId,
  };
  return {
    acknowledge: async () => ack?.(),
    async answer(reply) {
      await deliver(audience, reply);
      // A button on the App Home tab: the tab shows the change too.
      if (answer.refreshHome) await publishHome(deps, client, workspaceId, answer.userId);
    },
    async answerAtOnce(reply) {
      if (ackWith) return ackWith(reply);
      await ack?.();
      await deliver(audience, reply);
    },
    ...(work && { schedule: work }),
    // Slack is asked for names only now, after the ack, and only for people Tally has not met.
    prepare: async ({ identity, args }) => ({
      identity: slackIdentity(deps, client, identity.workspaceId, identity.platformUserId, identity.displayName),
      args: await namePeople(deps, client, args),
    }),
  };
}

/** Claims, acks, runs and answers a Slack request through the one inbound path. */
export async function handleSlackEvent(
  deps: Deps,
  event: SlackEvent,
  answering: SlackAnswering & Required<Pick<SlackAnswering, 'ack' | 'work'>>,
): Promise<void> {
  // Tracked whole, from the ack to the answer, so a stop waits for the answer; only the command's
  // own work takes one of the queue's slots.
  await answering.work.track(
    handleInbound(
      deps,
      {
        identity: event.identity,
        request: { command: event.command, args: event.args },
        idempotencyKey: event.idempotencyKey,
        origin: { platform: SLACK, ...(event.channelId && { channelId: event.channelId }) },
        claim: { eventId: event.eventId, answer: event.answer, answerWithinMs: ANSWER_WITHIN_MS },
      },
      slackResponder(deps, event.identity.workspaceId, event.answer, answering),
    ),
  );
}

/** A request recorded by a process that died before answering it. */
export async function resumeSlackCommand(deps: Deps, client: webApi.WebClient, record: InboundCommand): Promise<void> {
  const { identity } = recordedInvocation(record);
  const responder = slackResponder(deps, identity.workspaceId, SlackAnswerSchema.parse(record.answer), { client });
  await resumeInbound(deps, record, responder);
}
