import { COMMANDS, type TopLevel } from '../../src/commands/index.ts';
import type { Command } from '../../src/commands/define.ts';
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
  options: OptionSpec[];
}

/** `/team invite` is two Discord subcommands: the link (no person) and a person (required). */
const SPLITS: Record<string, { sub: string; description: string; keep: (o: OptionSpec) => OptionSpec | null }[]> = {
  'team invite': [
    { sub: 'link', description: 'Show the invite link, or make one with a role, expiry or use limit', keep: (o) => (o.name === 'person' ? null : o) },
    { sub: 'person', description: 'Invite a person directly: they get a DM with Accept / Decline', keep: (o) => (o.name === 'person' ? { ...o, required: true } : o) },
  ],
};

export function discordRoutes(): DiscordRoute[] {
  const routes: DiscordRoute[] = [];
  for (const command of COMMANDS.filter((c) => !c.hidden)) {
    const [top, ...rest] = command.path.split(' ') as [TopLevel, ...string[]];
    const { options } = command;
    const split = SPLITS[command.path];
    if (split) {
      for (const part of split) {
        routes.push({ top, group: rest[0]!, sub: part.sub, command: { ...command, summary: part.description }, options: options.map(part.keep).filter((o): o is OptionSpec => o !== null) });
      }
    } else if (rest.length === 2) {
      routes.push({ top, group: rest[0]!, sub: rest[1]!, command, options });
    } else {
      routes.push({ top, sub: rest[0]!, command, options });
    }
  }
  return routes;
}

export function findRoute(routes: DiscordRoute[], top: string, group: string | null, sub: string): DiscordRoute | undefined {
  return routes.find((r) => r.top === top && (r.group ?? null) === group && r.sub === sub);
}

