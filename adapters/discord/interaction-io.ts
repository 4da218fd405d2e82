import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { RawArgs } from '../../src/commands/options.ts';
import type { DiscordRoute } from './command-routes.ts';
import type { InteractionWebhook } from './interaction-webhook.ts';
import type { DiscordMessage } from './render.ts';

/** What arrived, the same whether it came over the gateway or the HTTP endpoint. */
export type Incoming =
  | { kind: 'command'; route: DiscordRoute; args: RawArgs }
  | { kind: 'autocomplete'; route: DiscordRoute; focused: string; typed: string; teamRef: string | undefined }
  | { kind: 'button'; customId: string }
  | { kind: 'modal'; customId: string; values: Record<string, string> }
  /** A command Tally no longer has (registration out of date): answered, never ignored. */
  | { kind: 'unknown'; name: string };

/** How to answer it: each transport implements these with Discord's callback types. */
export interface InteractionIO extends InteractionWebhook {
  id: string;
  user: { id: string; name: string };
  channelId: string | undefined;
  /** Type 5: "thinking…", within Discord's 3 seconds, before any database work. */
  defer(ephemeral: boolean): Promise<void>;
  /** After defer: the answer (editing the deferred message, or a follow-up when visibility differs). */
  finish(message: DiscordMessage): Promise<void>;
  /** Type 4 at once, without database work (a stale button, a confirmation prompt). */
  reply(message: DiscordMessage): Promise<void>;
  /** Type 9. */
  showModal(modal: APIModalInteractionResponseCallbackData): Promise<void>;
  /** Type 8. */
  autocomplete(choices: { name: string; value: string }[]): Promise<void>;
}
