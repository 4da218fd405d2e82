import { describe, expect, it } from 'vitest';
import { consoleMention } from '../../adapters/console/console-session.ts';
import { parseCommandLine, tokenize } from '../../src/commands/parse-line.ts';
import { sourceText } from '../../src/rich-text.ts';

const parse = (line: string) => {
  const parsed = parseCommandLine(line, consoleMention);
  if (!parsed.ok) throw new Error(sourceText(parsed.error));
  return { path: parsed.command.path, args: parsed.args };
};

describe('the text parser', () => {
  it('splits words, honours straight and curly quotes, and keeps key:"a b" as one option', () => {
    expect(tokenize(`create "Deep Learning" 'x y' “curly one” desc:"a b"`).map((t) => t.text)).toEqual([
      'create',
      'Deep Learning',
      'x y',
      'curly one',
      'desc:a b',
    ]);
    // A quote inside a word is an apostrophe; a group closes only where a word ends.
    expect(tokenize(`Alice's & Bob's 'Bob's lab' it"s`).map((t) => t.text)).toEqual([
      "Alice's",
      '&',
      "Bob's",
      "Bob's lab",
      'it"s',
    ]);
  });

  it('turns the same words into the same command as typed options would', () => {
    expect(parse('/team invite @bob co-owner')).toEqual({
      path: 'team invite',
      args: {
        person: {
          kind: 'person',
          platform: 'console',
          workspaceId: 'local',
          platformUserId: 'bob',
          displayName: 'bob',
        },
        role: 'co-owner',
      },
    });
    expect(parse('/launch instance h100 train-1 team:Acme')).toEqual({
      path: 'launch instance',
      args: { flavor: 'h100', name: 'train-1', team: 'Acme' },
    });
    expect(parse('team invite post uses:5')).toEqual({ path: 'team invite post', args: { uses: '5' } });
    expect(parse('/team invite co-owner')).toEqual({ path: 'team invite', args: { role: 'co-owner' } });
    expect(parse('/team create Acme GPU research lab')).toEqual({
      path: 'team create',
      args: { name: 'Acme GPU research lab' },
    });
    expect(parse('/team create Acme Corp description:"GPU research"')).toEqual({
      path: 'team create',
      args: { name: 'Acme Corp', description: 'GPU research' },
    });
    expect(parse('/resources sshkey add laptop ssh-ed25519 AAAA me@x')).toEqual({
      path: 'resources sshkey add',
      args: { name: 'laptop', key: 'ssh-ed25519 AAAA me@x' },
    });
    expect(parse('/team join https://tally.example/join/TALLY-1')).toEqual({
      path: 'team join',
      args: { code: 'https://tally.example/join/TALLY-1' },
    });
  });

  it('uses each command’s default subcommand', () => {
    expect(parse('/credits').path).toBe('credits balance');
    expect(parse('/credits team:Acme')).toEqual({ path: 'credits balance', args: { team: 'Acme' } });
    expect(parse('/resources').path).toBe('resources list');
    expect(parse('/team').path).toBe('team help');
    expect(parse('/launch').path).toBe('launch help');
  });

  it('calls a line bare only when nothing but team: and one trailing space follows the command words', () => {
    const bare = (line: string) => {
      const parsed = parseCommandLine(line, consoleMention);
      return parsed.ok && parsed.bare;
    };
    expect([
      bare('/team create'),
      bare('/team create '),
      bare('/team create team:Acme'),
      bare('/credits add '),
    ]).toEqual([true, true, true, true]);
    expect([
      bare('/team create    '),
      bare('/team create \u3000'),
      bare('/team create \u00A0'),
      bare('/team create Acme'),
    ]).toEqual([false, false, false, false]);
  });

  it('a quoted key:value is a plain word, not an option', () => {
    expect(parse('/team create "team:x"')).toEqual({ path: 'team create', args: { name: 'team:x' } });
  });
});

describe('a slip of the keyboard gets a suggestion', () => {
  const error = (line: string) => {
    const parsed = parseCommandLine(line, consoleMention);
    return parsed.ok ? '' : sourceText(parsed.error);
  };

  it('names the nearest command or subcommand, and only when it is close', () => {
    expect(error('/credit')).toContain('Did you mean `/credits`?');
    expect(error('/resorces')).toContain('Did you mean `/resources`?');
    expect(error('/team memebrs')).toContain('Did you mean `/team members`?');
    expect(error('/team invte post')).toContain('Did you mean `/team invite post`?');
    expect(error('/credits histroy')).toContain('Did you mean `/credits history`?');
    expect(error('/team sshkey add x')).not.toContain('Did you mean');
    expect(error('/banana')).not.toContain('Did you mean');
  });
});
