import type { Command, Origin } from '../commands/define.ts';
import { findCommand } from '../commands/index.ts';
import type { RawArgs } from '../commands/options.ts';
import { type MentionResolver, parseCommandLine } from '../commands/parse-line.ts';
import type { Deps } from '../deps.ts';
import { dispatch, unknownCommand, unparsedLine } from '../dispatch.ts';
import { logWithReference } from '../logger.ts';
import { failure, type Reply } from '../reply.ts';
import type { IncomingIdentity } from '../users/ensure-user.ts';
import {
  type InboundCommand,
  markCommandDone,
  NOT_RECORDED,
  type RecordedIdentity,
  type RecordedInvocation,
  recordCommand,
  recordedInvocation,
} from './recorded-commands.ts';

/** What was asked: a command already found (a platform's typed command, a button, a form), or a line to parse. */
export type InboundRequest = { command: Command; args: RawArgs } | { line: string; resolveMention: MentionResolver };

/** One event from any door (Slack, Discord, the console, later an HTTP API), in no platform's terms. */
export interface InboundEvent {
  identity: RecordedIdentity;
  request: InboundRequest;
  /** Keys the money a command moves: the same key never posts twice. */
  idempotencyKey: string;
  origin: Origin;
  /**
   * Claims the event by the sender's id for it (a retry or redelivery carries the same), recorded
   * with how to answer it after a restart, in the adapter's terms. Absent for a door whose events
   * are never sent twice nor answerable later (the console): nothing is recorded then.
   */
  claim?: { eventId: string; answer: object; answerWithinMs: number };
}

/** Shown for an event already claimed: the first one runs and answers; a repeat acts no more. */
export const ALREADY_HANDLED = 'Already handled.';

/** How an adapter answers; each step is optional (an HTTP API answers with the returned Reply). */
export interface InboundResponder {
  /** The event is claimed: acknowledge it (Slack's ack, Discord's deferral) before the work starts. */
  acknowledge?(): Promise<void>;
  /** The answer to a claimed event; the claim is marked done once this resolves. */
  answer?(reply: Reply): Promise<void>;
  /** Nothing runs (a typing error, a repeat, a claim that could not be written): acknowledge with this. */
  answerAtOnce?(reply: Reply): Promise<void>;
  /**
   * Runs the command itself (its database and CPU work) after the acknowledgement; adapters bound
   * how much runs at once. Waiting on the platform (asking for names, posting the answer) is not
   * inside it: a slow platform must not hold the slots that new commands need.
   */
  schedule?<T>(work: () => Promise<T>): Promise<T>;
  /** After the acknowledgement: what the adapter learns from its platform (people's names) before dispatch. */
  prepare?(recorded: RecordedInvocation): Promise<{ identity: IncomingIdentity; args: RawArgs }>;
}

/**
 * The one inbound path: parse (if a line), claim the event (one insert, the only database work
 * before the acknowledgement), acknowledge, then resolve the person, dispatch and answer, and
 * mark the claim done. Returns the reply given. Never throws for the command's own failures.
 */
export async function handleInbound(deps: Deps, event: InboundEvent, responder: InboundResponder = {}): Promise<Reply> {
  const request = parseRequest(event.request);
  if (!request.ok) return atOnce(responder, unparsedLine(deps, event.origin, request.error));
  const recorded: RecordedInvocation = {
    identity: event.identity,
    path: request.command.path,
    args: request.args,
    idempotencyKey: event.idempotencyKey,
    origin: event.origin,
  };
  if (event.claim) {
    const refusal = await claim(deps, event.claim, recorded);
    if (refusal) return atOnce(responder, refusal);
  }
  await responder.acknowledge?.();
  return run(deps, request.command, recorded, event.claim?.eventId, responder);
}

/** A claimed event a process that died had acknowledged but not answered: run and answered as a fresh one is. */
export async function resumeInbound(deps: Deps, record: InboundCommand, responder: InboundResponder): Promise<Reply> {
  const recorded = recordedInvocation(record);
  const command = findCommand(recorded.path);
  if (command) return run(deps, command, recorded, record.id, responder);
  // Recorded by a release that had this command: say so, as a stale button does.
  const reply = unknownCommand(recorded.path);
  await responder.answer?.(reply);
  await markCommandDone(deps, record.id);
  return reply;
}

function parseRequest(request: InboundRequest) {
  if ('command' in request) return { ok: true as const, command: request.command, args: request.args };
  return parseCommandLine(request.line, request.resolveMention);
}

async function atOnce(responder: InboundResponder, reply: Reply): Promise<Reply> {
  await responder.answerAtOnce?.(reply);
  return reply;
}

/** Null when the event is claimed now; else what to tell the sender instead of running it. */
async function claim(deps: Deps, claim: NonNullable<InboundEvent['claim']>, recorded: RecordedInvocation) {
  try {
    const fresh = await recordCommand(deps, {
      id: claim.eventId,
      platform: recorded.origin.platform,
      invocation: recorded,
      answer: claim.answer,
      answerWithinMs: claim.answerWithinMs,
    });
    return fresh ? null : failure(ALREADY_HANDLED);
  } catch (error) {
    const reference = logWithReference(deps.log, 'could not record a command', {
      id: claim.eventId,
      error: (error as Error).message,
    });
    return failure(`${NOT_RECORDED} (reference ${reference})`);
  }
}

async function run(
  deps: Deps,
  command: Command,
  recorded: RecordedInvocation,
  eventId: string | undefined,
  responder: InboundResponder,
): Promise<Reply> {
  const { identity, args } = responder.prepare ? await responder.prepare(recorded) : recorded;
  const invocation = { identity, command, args, idempotencyKey: recorded.idempotencyKey, origin: recorded.origin };
  const work = () => dispatch(deps, invocation);
  const reply = await (responder.schedule ? responder.schedule(work) : work());
  await responder.answer?.(reply);
  if (eventId) await markCommandDone(deps, eventId);
  return reply;
}
