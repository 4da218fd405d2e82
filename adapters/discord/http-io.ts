import type { REST } from 'discord.js';
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { RawArgs } from '../../src/commands/options.ts';
import { type DiscordRoute, findRoute } from './command-routes.ts';
import { DISCORD, DISCORD_WORKSPACE, discordChannelOption } from './handle-interaction.ts';
import type { Incoming, InteractionIO } from './interaction-io.ts';
import type { HttpInteraction, Resolved, TopOption, ValueOption } from './interaction-schema.ts';
import { finishDeferred } from './interaction-webhook.ts';

function leaves(options: TopOption[] = []): { group: string | null; sub: string; leaf: ValueOption[] } {
  const first = options[0];
  if (first?.type === 2)
    return { group: first.name, sub: first.options[0]?.name ?? '', leaf: first.options[0]?.options ?? [] };
  if (first?.type === 1) return { group: null, sub: first.name, leaf: first.options ?? [] };
  return { group: null, sub: '', leaf: options.filter((o): o is ValueOption => o.type !== 1 && o.type !== 2) };
}

function argsFrom(leaf: ValueOption[], resolved: Resolved | undefined): RawArgs {
  const args: RawArgs = {};
  for (const option of leaf) {
    if (option.value === undefined) continue;
    if (option.type === 6) {
      const id = String(option.value);
      const user = resolved?.users?.[id];
      const member = resolved?.members?.[id];
      args[option.name] = {
        kind: 'person',
        platform: DISCORD,
        workspaceId: DISCORD_WORKSPACE,
        platformUserId: id,
        displayName: member?.nick ?? user?.global_name ?? user?.username ?? id,
      };
    } else if (option.type === 7) {
      args[option.name] = discordChannelOption(String(option.value));
    } else {
      args[option.name] = String(option.value);
    }
  }
  return args;
}

/**
 * A raw interaction from the HTTP endpoint as the shared handler sees it. The first answer is
 * the HTTP response itself (handed to `respond`); later ones go through the REST webhook.
 */
export function fromHttp(
  routes: DiscordRoute[],
  interaction: Exclude<HttpInteraction, { type: 1 }>,
  rest: REST,
  respond: (body: unknown) => void,
): { io: InteractionIO; incoming: Incoming } | null {
  let incoming: Incoming | null = null;
  if (interaction.type === InteractionType.ApplicationCommand) {
    const { group, sub, leaf } = leaves(interaction.data.options);
    const route = findRoute(routes, interaction.data.name, group, sub);
    incoming = route
      ? { kind: 'command', route, args: argsFrom(leaf, interaction.data.resolved) }
      : { kind: 'unknown', name: [interaction.data.name, group, sub].filter(Boolean).join(' ') };
  } else if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
    const { group, sub, leaf } = leaves(interaction.data.options);
    const route = findRoute(routes, interaction.data.name, group, sub);
    const focused = leaf.find((o) => o.focused);
    const team = leaf.find((o) => o.name === 'team' && !o.focused);
    if (route && focused && focused.value !== undefined)
      incoming = {
        kind: 'autocomplete',
        route,
        focused: focused.name,
        typed: String(focused.value),
        teamRef: team?.value === undefined ? undefined : String(team.value),
      };
  } else if (interaction.type === InteractionType.MessageComponent) {
    incoming = { kind: 'button', customId: interaction.data.custom_id };
  } else if (interaction.type === InteractionType.ModalSubmit) {
    const values: Record<string, string> = {};
    for (const row of interaction.data.components) {
      for (const component of row.components) values[component.custom_id] = component.value;
    }
    incoming = { kind: 'modal', customId: interaction.data.custom_id, values };
  }
  if (!incoming) return null;
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return null;
  const hook = { applicationId: interaction.application_id, token: interaction.token };
  let deferredEphemeral = true;
  const io: InteractionIO = {
    id: interaction.id,
    ...hook,
    user: { id: user.id, name: interaction.member?.nick ?? user.global_name ?? user.username },
    channelId: interaction.channel?.id,
    async defer(ephemeral) {
      deferredEphemeral = ephemeral;
      respond({
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: { flags: ephemeral ? MessageFlags.Ephemeral : 0 },
      });
    },
    async finish(message) {
      await finishDeferred(rest, hook, deferredEphemeral, message);
    },
    async reply(message) {
      respond({ type: InteractionResponseType.ChannelMessageWithSource, data: message });
    },
    async showModal(modal) {
      respond({ type: InteractionResponseType.Modal, data: modal });
    },
    async autocomplete(choices) {
      respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
    },
  };
  return { io, incoming };
}
