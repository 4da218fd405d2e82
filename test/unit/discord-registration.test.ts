import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { discordRoutes } from '../../adapters/discord/command-routes.ts';
import { applicationCommands } from '../../adapters/discord/registration.ts';
import { COMMANDS } from '../../src/commands/index.ts';

type Option = {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: Option[];
  choices?: { name: string; value: string }[];
  autocomplete?: boolean;
};

const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;

/** Discord's rules for chat-input commands, checked the way the API would refuse a payload. */
function check(option: { name: string; description: string; options?: Option[] }, path: string, problems: string[]) {
  if (!NAME.test(option.name)) problems.push(`${path}: name "${option.name}"`);
  if (option.description.length < 1 || option.description.length > 100)
    problems.push(`${path}: description length ${option.description.length}`);
  const children = option.options ?? [];
  if (children.length > 25) problems.push(`${path}: ${children.length} options`);
  if (new Set(children.map((c) => c.name)).size !== children.length) problems.push(`${path}: duplicate names`);
  const basic = children.filter((c) => c.type !== T.Subcommand && c.type !== T.SubcommandGroup);
  const firstOptional = basic.findIndex((c) => !c.required);
  if (firstOptional !== -1 && basic.slice(firstOptional).some((c) => c.required))
    problems.push(`${path}: a required option after an optional one`);
  if (basic.length && basic.length !== children.length) problems.push(`${path}: subcommands mixed with options`);
  for (const child of children) {
    if (child.choices && (child.choices.length > 25 || child.autocomplete))
      problems.push(`${path} ${child.name}: choices`);
    if (child.type === T.SubcommandGroup && child.options?.some((o) => o.type !== T.Subcommand))
      problems.push(`${path} ${child.name}: a group holds only subcommands`);
    check(child, `${path} ${child.name}`, problems);
  }
}

function size(option: {
  name: string;
  description: string;
  options?: Option[];
  choices?: { name: string; value: string }[];
}): number {
  return (
    option.name.length +
    option.description.length +
    (option.choices ?? []).reduce((n, c) => n + c.name.length + c.value.length, 0) +
    (option.options ?? []).reduce((n, o) => n + size(o), 0)
  );
}

describe('Discord command registration', () => {
  const commands = applicationCommands();

  it('registers the four commands and follows Discord’s rules', () => {
    expect(commands.map((c) => c.name)).toEqual(['team', 'credits', 'launch', 'resources']);
    const problems: string[] = [];
    for (const command of commands) {
      check(command as never, `/${command.name}`, problems);
      expect(size(command as never)).toBeLessThanOrEqual(4000);
    }
    expect(problems).toEqual([]);
  });

  it('reaches every visible command, with typed options', () => {
    const routed = new Set(discordRoutes().map((r) => r.command.path));
    expect(
      COMMANDS.filter((c) => !c.hidden)
        .map((c) => c.path)
        .filter((p) => !routed.has(p)),
    ).toEqual([]);
    const team = commands.find((c) => c.name === 'team')!.options as Option[];
    const invite = team.find((o) => o.name === 'invite')!;
    expect(invite.type).toBe(T.SubcommandGroup);
    expect(invite.options!.map((o) => o.name)).toEqual(['link', 'person', 'post', 'regenerate', 'disable', 'cancel']);
    const person = invite.options!.find((o) => o.name === 'person')!.options!;
    expect(person[0]).toMatchObject({ name: 'person', type: T.User, required: true });
    const role = team.find((o) => o.name === 'role')!.options!;
    expect(role.map((o) => [o.name, o.type, o.required])).toEqual([
      ['person', T.User, true],
      ['role', T.String, true],
      ['team', T.String, false],
    ]);
    expect(role[1]!.autocomplete).toBe(true);
    const logs = team.find((o) => o.name === 'logs')!.options!;
    expect(logs[0]).toMatchObject({ name: 'limit', type: T.Integer, min_value: 1, max_value: 100 });
    const settings = team.find((o) => o.name === 'settings')!.options!;
    expect(settings.find((o) => o.name === 'type')!.choices).toEqual([
      { name: 'individual', value: 'individual' },
      { name: 'company', value: 'company' },
    ]);
    const del = team.find((o) => o.name === 'delete')!.options!;
    expect(del.map((o) => o.name)).toEqual(['team']); // the confirmation is a button, not an option
  });
});
