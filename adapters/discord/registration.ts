import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { TOP_LEVEL, type TopLevel } from '../../src/commands/index.ts';
import { type OptionSpec, TEAM_OPTION } from '../../src/commands/options.ts';
import { clip } from '../../src/format.ts';
import { type DiscordRoute, discordRoutes } from './command-routes.ts';

const MAX_DESCRIPTION = 100;

function optionPayload(option: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: option.name, description: clip(option.description, MAX_DESCRIPTION), required: option.required };
  switch (option.type) {
    case 'person':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'channel':
      return { ...base, type: ApplicationCommandOptionType.Channel };
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(option.min !== undefined && { min_value: option.min }),
        ...(option.max !== undefined && { max_value: option.max }),
      };
    default:
      if (option.choices)
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          choices: option.choices.map((c) => ({ name: c, value: c })),
        };
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(option.autocomplete && { autocomplete: true }),
        ...(option.maxLength && { max_length: Math.min(option.maxLength, 6000) }),
      };
  }
}

/** A route's options as Discord wants them: required first, buttons-only ones left out, `team:` last. */
function routeOptions(route: DiscordRoute): APIApplicationCommandBasicOption[] {
  const own = route.options.filter((o) => !o.internal && o.name !== 'team');
  const withTeam =
    route.command.scope === 'team' || route.options.some((o) => o.name === 'team') ? [...own, TEAM_OPTION] : own;
  return [...withTeam.filter((o) => o.required), ...withTeam.filter((o) => !o.required)].map(optionPayload);
}

/** The four application commands, with their subcommands and groups, from the core's command list. */
export function applicationCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const routes = discordRoutes();
  return (Object.keys(TOP_LEVEL) as TopLevel[]).map((top) => {
    const options: APIApplicationCommandOption[] = [];
    const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
    for (const route of routes.filter((r) => r.top === top)) {
      const sub: APIApplicationCommandSubcommandOption = {
        type: ApplicationCommandOptionType.Subcommand,
        name: route.sub,
        description: clip(route.command.summary, MAX_DESCRIPTION),
        options: routeOptions(route),
      };
      if (!route.group) {
        options.push(sub);
        continue;
      }
      let group = groups.get(route.group);
      if (!group) {
        group = {
          type: ApplicationCommandOptionType.SubcommandGroup,
          name: route.group,
          description: clip(`/${top} ${route.group} commands`, MAX_DESCRIPTION),
          options: [],
        };
        groups.set(route.group, group);
        options.push(group);
      }
      group.options!.push(sub);
    }
    return { name: top, description: TOP_LEVEL[top].description, options, contexts: [0, 1], integration_types: [0] };
  });
}
