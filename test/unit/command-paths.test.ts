import { describe, expect, it } from 'vitest';
import { indexByPath } from '../../src/commands/command-paths.ts';
import { userCommand } from '../../src/commands/define.ts';
import { COMMANDS, findCommand } from '../../src/commands/index.ts';
import { success } from '../../src/reply.ts';

function command(path: string, variants: string[] = []) {
  return userCommand({
    path,
    summary: `Answers ${path}`,
    options: [],
    ...(variants.length && { typedVariants: variants.map((sub) => ({ sub, summary: `${path} ${sub}` })) }),
    async run() {
      return success(path);
    },
  });
}

describe('command paths', () => {
  it('finds every command of the list by its path', () => {
    for (const listed of COMMANDS) expect(findCommand(listed.path)).toBe(listed);
  });

  it('refuses two commands with the same path, naming it', () => {
    expect(() => indexByPath([command('team info'), command('team list'), command('team info')])).toThrow(
      'Two commands have the path "team info": /team info and /team info.',
    );
  });

  it('refuses a typed variant on another command’s path, either way round', () => {
    expect(() => indexByPath([command('team invite', ['link', 'post']), command('team invite post')])).toThrow(
      'Two commands have the path "team invite post": the typed variant /team invite post of /team invite ' +
        'and /team invite post.',
    );
    expect(() => indexByPath([command('team invite post'), command('team invite', ['post'])])).toThrow(
      /"team invite post": \/team invite post and the typed variant/,
    );
  });

  it('keeps distinct paths and variants', () => {
    const index = indexByPath([command('team invite', ['link', 'person']), command('team invite post')]);
    expect([...index.keys()]).toEqual(['team invite', 'team invite post']);
  });
});
