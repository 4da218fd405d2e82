import type { REST } from 'discord.js';
import { z } from 'zod';
import { MINUTE } from '../../src/clock.ts';
import type { Deps } from '../../src/deps.ts';
import { resumeInbound } from '../../src/inbound/handle-inbound.ts';
import { noteExpiredCommand } from '../../src/inbound/note-expired.ts';
import { type InboundCommand, markCommandDone, markCommandExpired } from '../../src/inbound/recorded-commands.ts';
import { fetchOriginal, finishDeferred, isPlaceholder } from './interaction-webhook.ts';
import { renderMessage } from './render.ts';

/** An interaction token takes follow-ups for 15 minutes; later ones are not run. */
export const ANSWER_WITHIN_MS = 15 * MINUTE;

const DiscordAnswerSchema = z.object({
  applicationId: z.string(),
  token: z.string(),
  /** How the answer was deferred: an answer of the other visibility replaces the placeholder. */
  ephemeral: z.boolean(),
});
export type DiscordAnswer = z.infer<typeof DiscordAnswerSchema>;

/**
 * An interaction recorded by a process that died before answering, answered through its webhook.
 * Discord shows the deferred placeholder, so it is asked first: an answer that went out before
 * the crash (its `done` mark lost) is not sent again, and a placeholder that never appeared (the
 * process died between the record and the deferral, so the person was told it failed) is not run.
 */
export async function resumeInteraction(deps: Deps, rest: REST, command: InboundCommand): Promise<void> {
  const answer = DiscordAnswerSchema.parse(command.answer);
  const original = await fetchOriginal(rest, answer);
  if (!original) {
    if (await markCommandExpired(deps, command.id)) await noteExpiredCommand(deps, command);
    return;
  }
  if (isPlaceholder(original)) {
    await resumeInbound(deps, command, {
      answer: (reply) => finishDeferred(rest, answer, answer.ephemeral, renderMessage(reply)),
    });
    return;
  }
  await markCommandDone(deps, command.id);
}
