import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { RawArgs } from '../../src/commands/options.ts';
import { type DiscordRoute, findRoute } from './command-routes.ts';
import { DISCORD, DISCORD_WORKSPACE, discordChannelOption } from './handle-interaction.ts';
import type { Incoming, InteractionIO } from './interaction-io.ts';
import { clientPayload } from './message-payload.ts';
import type { DiscordMessage } from './render.ts';

/** The innermost options of a command: below its group and subcommand. */
function leafOptions(data: readonly CommandInteractionOption[]): readonly CommandInteractionOption[] {
  const first = data[0];
  return first?.options && (first.type === 1 || first.type === 2) ? leafOptions(first.options) : data;
}

/** Typed Discord options → the raw arguments the core parses (people as identities, channels as Discord channels). */
function argsFromOptions(options: readonly CommandInteractionOption[]): RawArgs {
  const args: RawArgs = {};
  for (const option of leafOptions(options)) {
    if (option.user) {
      const name =
        (option.member && 'displayName' in option.member ? option.member.displayName : undefined) ??
        option.user.globalName ??
        option.user.username;
      args[option.name] = {
        kind: 'person',
        platform: DISCORD,
        workspaceId: DISCORD_WORKSPACE,
        platformUserId: option.user.id,
        displayName: name,
      };
    } else if (option.channel) {
      args[option.name] = discordChannelOption(option.channel.id);
    } else if (option.value !== undefined && option.value !== null) {
      args[option.name] = String(option.value);
    }
  }
  return args;
}

function displayName(interaction: Interaction): string {
  const member = interaction.member;
  return (
    (member && 'displayName' in member ? member.displayName : undefined) ??
    interaction.user.globalName ??
    interaction.user.username
  );
}

function routeOf(routes: DiscordRoute[], interaction: ChatInputCommandInteraction | AutocompleteInteraction) {
  return findRoute(
    routes,
    interaction.commandName,
    interaction.options.getSubcommandGroup(false),
    interaction.options.getSubcommand(false) ?? '',
  );
}

/** A discord.js interaction as the shared handler sees it; null for kinds Tally does not handle. */
export function fromGateway(
  routes: DiscordRoute[],
  interaction: Interaction,
): { io: InteractionIO; incoming: Incoming } | null {
  let incoming: Incoming | null = null;
  if (interaction.isChatInputCommand()) {
    const route = routeOf(routes, interaction);
    const name = [
      interaction.commandName,
      interaction.options.getSubcommandGroup(false),
      interaction.options.getSubcommand(false),
    ]
      .filter(Boolean)
      .join(' ');
    incoming = route
      ? { kind: 'command', route, args: argsFromOptions(interaction.options.data) }
      : { kind: 'unknown', name };
  } else if (interaction.isAutocomplete()) {
    const route = routeOf(routes, interaction);
    const focused = interaction.options.getFocused(true);
    const team = leafOptions(interaction.options.data).find((o) => o.name === 'team' && !o.focused)?.value;
    if (route)
      incoming = {
        kind: 'autocomplete',
        route,
        focused: focused.name,
        typed: String(focused.value),
        teamRef: team === undefined ? undefined : String(team),
      };
  } else if (interaction.isButton()) {
    incoming = { kind: 'button', customId: interaction.customId };
  } else if (interaction.isModalSubmit()) {
    const values: Record<string, string> = {};
    for (const [id, field] of interaction.fields.fields)
      if ('value' in field && typeof field.value === 'string') values[id] = field.value;
    incoming = { kind: 'modal', customId: interaction.customId, values };
  }
  if (!incoming) return null;
  // Commands, buttons and modal submits share discord.js's reply methods; autocomplete only responds.
  const target = interaction as unknown as ChatInputCommandInteraction;
  let deferredEphemeral = true;
  const io: InteractionIO = {
    id: interaction.id,
    applicationId: interaction.applicationId,
    token: interaction.token,
    user: { id: interaction.user.id, name: displayName(interaction) },
    channelId: interaction.channelId ?? undefined,
    async defer(ephemeral) {
      deferredEphemeral = ephemeral;
      await target.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },
    async finish(message: DiscordMessage) {
      const ephemeral = Boolean((message.flags ?? 0) & MessageFlags.Ephemeral);
      const { flags: _flags, ...body } = clientPayload(message);
      if (ephemeral === deferredEphemeral) {
        await target.editReply(body);
        return;
      }
      // Visibility can't change after deferring: replace the placeholder with a follow-up.
      await target.deleteReply();
      await target.followUp(ephemeral ? { ...body, flags: MessageFlags.Ephemeral } : body);
    },
    async reply(message) {
      const body = clientPayload(message);
      await target.reply(message.flags ? { ...body, flags: MessageFlags.Ephemeral } : { ...body, flags: undefined });
    },
    async showModal(modal) {
      await target.showModal(modal);
    },
    async autocomplete(choices) {
      await (interaction as AutocompleteInteraction).respond(choices);
    },
  };
  return { io, incoming };
}
