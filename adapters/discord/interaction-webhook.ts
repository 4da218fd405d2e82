import { DiscordAPIError, type REST, Routes } from 'discord.js';
import { type APIMessage, MessageFlags } from 'discord-api-types/v10';
import { restPayload } from './message-payload.ts';
import type { DiscordMessage } from './render.ts';

/** An interaction's webhook: its token answers it for 15 minutes, with no bot token needed. */
export interface InteractionWebhook {
  applicationId: string;
  token: string;
}

const UNKNOWN_MESSAGE = 10008;
const UNKNOWN_WEBHOOK = 10015;

/** Fills in a deferred answer by REST: edits the placeholder, or replaces it when visibility differs. */
export async function finishDeferred(
  rest: REST,
  hook: InteractionWebhook,
  deferredEphemeral: boolean,
  message: DiscordMessage,
  options: { placeholderGone?: boolean } = {},
): Promise<void> {
  const original = Routes.webhookMessage(hook.applicationId, hook.token);
  const ephemeral = Boolean((message.flags ?? 0) & MessageFlags.Ephemeral);
  if (ephemeral === deferredEphemeral && !options.placeholderGone) {
    const { flags: _flags, ...edit } = message;
    await rest.patch(original, { ...restPayload(edit), auth: false }); // the interaction token is the credential
    return;
  }
  // Visibility can't change after deferring: replace the placeholder with a follow-up.
  if (!options.placeholderGone) await rest.delete(original, { auth: false });
  await rest.post(Routes.webhook(hook.applicationId, hook.token), { ...restPayload(message), auth: false });
}

/** The deferred answer as Discord shows it now; null when it is gone (deleted, or the token no longer valid). */
export async function fetchOriginal(rest: REST, hook: InteractionWebhook): Promise<APIMessage | null> {
  try {
    return (await rest.get(Routes.webhookMessage(hook.applicationId, hook.token), { auth: false })) as APIMessage;
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === UNKNOWN_MESSAGE || error.code === UNKNOWN_WEBHOOK))
      return null;
    throw error;
  }
}

/** Still "thinking…": deferred, and not yet edited into the answer. */
export function isPlaceholder(message: APIMessage): boolean {
  return Boolean((message.flags ?? 0) & MessageFlags.Loading);
}
