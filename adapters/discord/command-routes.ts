import { type Command, typedForms } from '../../src/commands/define.ts';
import { COMMANDS, type TopLevel } from '../../src/commands/index.ts';
import type { OptionSpec } from '../../src/commands/options.ts';

/**
 * Where each core command sits in Discord's tree: /top [group] sub. Discord cannot hold a
 * subcommand and a group of the same name, nor more than 25 entries a level, so `/team invite`
 * (link or person) and its siblings form the group `/team invite …`; everything else keeps its words.
 */
export interface DiscordRoute {
  top: TopLevel;
  group?: string;
  sub: string;
  command: Command;
  options: readonly OptionSpec[];
}

export function discordRoutes(): DiscordRoute[] {
  const routes: DiscordRoute[] = [];
  for (const command of COMMANDS.filter((c) => !c.hidden)) {
    const [top, ...rest] = command.path.split(' ') as [TopLevel, ...string[]];
    const { options } = command;
    if (command.typedVariants) {
      // `/team invite` becomes the group `/team invite …` of its variants (link, person).
      for (const form of typedForms(command)) {
        routes.push({
          top,
          group: rest[0]!,
          sub: form.path.split(' ').at(-1)!,
          command: { ...command, summary: form.summary },
          options: form.options,
        });
      }
    } else if (rest.length === 2) {
      routes.push({ top, group: rest[0]!, sub: rest[1]!, command, options });
    } else {
      routes.push({ top, sub: rest[0]!, command, options });
    }
  }
  return routes;
}

export function findRoute(
  routes: DiscordRoute[],
  top: string,
  group: string | null,
  sub: string,
): DiscordRoute | undefined {
  return routes.find((r) => r.top === top && (r.group ?? null) === group && r.sub === sub);
}
