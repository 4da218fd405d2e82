import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../adapters/slack/manifest.ts';
import { COMMANDS, TOP_LEVEL } from '../../src/commands/index.ts';

describe('manifest.json', () => {
  const committed = JSON.parse(readFileSync('manifest.json', 'utf8'));

  it('is what the command list generates (run `npm run slack:manifest` after changing commands)', () => {
    expect(committed).toEqual(buildManifest());
  });

  it('declares exactly the four slash commands, each with every visible subcommand in its usage hint', () => {
    const commands = committed.features.slash_commands as {
      command: string;
      usage_hint: string;
      should_escape: boolean;
    }[];
    expect(commands.map((c) => c.command)).toEqual(Object.keys(TOP_LEVEL).map((t) => `/${t}`));
    for (const command of COMMANDS.filter((c) => !c.hidden)) {
      const [top, ...rest] = command.path.split(' ');
      const hint = commands.find((c) => c.command === `/${top}`)!.usage_hint;
      expect(hint.split(' | ').map((part) => part.replace(' [team:<name or id>]', ''))).toContain(rest.join(' '));
    }
    expect(commands.every((c) => c.should_escape)).toBe(true); // mentions arrive as <@U…|name>
  });
});
