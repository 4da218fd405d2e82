import { describe, expect, it } from 'vitest';
import { findCommand } from '../../src/commands/index.ts';
import { dispatch } from '../../src/dispatch.ts';
import { type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';

async function teamNames(h: Harness) {
  return (await h.db.team.findMany({ orderBy: { createdAt: 'asc' } })).map((t) => t.name);
}

describe('names people can tell apart', () => {
  const h = useHarness();

  const refused: [string, string, string][] = [
    // [what, line, what the answer says]
    [
      'a zero-width space inside',
      '/team create Ac\u200Bme',
      'Team name has an invisible character (U+200B ZERO WIDTH SPACE) at position 3; type the team name without it.',
    ],
    [
      'a right-to-left override',
      '/team create \u202Eemca',
      'Team name has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 1',
    ],
    [
      'only zero-width spaces',
      '/team create \u200B\u200B',
      'Team name has an invisible character (U+200B ZERO WIDTH SPACE) at position 1',
    ],
    ['a bell', '/team create a\u0007b', 'Team name has a control character (U+0007 BELL) at position 2'],
    [
      'a tab inside quotes',
      '/team create "x\ty"',
      'Team name has a control character (U+0009 CHARACTER TABULATION) at position 2',
    ],
    [
      'a byte-order mark, which split words before',
      '/team create \uFEFFAcme',
      'Team name has an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) at position 1',
    ],
    ['a soft hyphen', '/team create Ac\u00ADme', '(U+00AD SOFT HYPHEN) at position 3'],
    ['a Hangul filler that draws nothing', '/team create \u3164', '(U+3164 HANGUL FILLER) at position 1'],
    ['nothing visible', '/team create "\u0301"', 'Team name has nothing visible in it'],
    [
      'a bidi mark in a team: reference',
      '/credits team:Acme\u200E',
      'Team has a text-direction character (U+200E LEFT-TO-RIGHT MARK) at position 5',
    ],
    [
      'a hidden character in a description',
      '/team edit description:"GPU\u202Eresearch"',
      'Description has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 4',
    ],
    [
      'a hidden character in a billing address',
      '/team settings address:"1 Main St\u2060"',
      'Billing address has an invisible character (U+2060 WORD JOINER) at position 10',
    ],
    [
      'a hidden character in a company name',
      '/team settings type:company company:"Acme\u200B Ltd"',
      'Company name has an invisible character (U+200B ZERO WIDTH SPACE)',
    ],
    [
      'a hidden character in a role name',
      '/team role-create Ops\u200B billing.view',
      'Role name has an invisible character (U+200B ZERO WIDTH SPACE) at position 4',
    ],
    [
      'a hidden character in an API key name',
      '/team apikey create ci\u200Dbot',
      'API key name has an invisible character (U+200D ZERO WIDTH JOINER) at position 3',
    ],
    [
      'a hidden character in an SSH key name',
      '/resources sshkey add lap\u00ADtop ssh-ed25519 AAAA',
      'SSH key name has an invisible character (U+00AD SOFT HYPHEN) at position 4',
    ],
    [
      'a hidden character in a resource name',
      '/launch volume 10 data\u2062',
      'Resource name has an invisible character (U+2062 INVISIBLE TIMES) at position 5',
    ],
  ];

  for (const [what, line, expected] of refused) {
    it(`refuses ${what}, saying which character and where`, async () => {
      await h.run('alice', '/team create Acme');
      const before = JSON.stringify(await h.db.team.findMany({ orderBy: { id: 'asc' } }));
      const roles = await h.db.role.count();
      const answer = await h.run('alice', line);
      expect(answer.tone).toBe('error');
      expect(textOf(answer)).toContain(expected);
      expect(JSON.stringify(await h.db.team.findMany({ orderBy: { id: 'asc' } }))).toBe(before);
      expect(await h.db.role.count()).toBe(roles);
      expect(await h.db.apiKey.count()).toBe(0);
      expect(await h.db.sshKey.count()).toBe(0);
    });
  }

  it('stores names in NFC, so a name typed with a combining accent is found when typed precomposed', async () => {
    const created = await h.run('alice', '/team create "Cafe\u0301 Club"');
    expect(created.tone).toBe('success');
    expect(await teamNames(h)).toEqual(['alice (personal)', 'Caf\u00E9 Club']);
    await h.run('alice', '/team switch "alice (personal)"');
    expect(textOf(await h.run('alice', '/team switch "Caf\u00E9 Club"'))).toContain(
      'Your active team is now Café Club',
    );
    expect(textOf(await h.run('alice', '/team create "Cafe\u0301 club"'))).toContain(
      'already in a team called "Café Club"',
    );
    await h.run('alice', '/team role-create "Re\u0301seau" resources.view');
    expect((await h.db.role.findMany({ where: { key: null } })).map((r) => r.name)).toEqual(['R\u00E9seau']);
  });

  it('keeps emoji sequences, variation selectors and script joiners in names', async () => {
    for (const name of ['👩‍💻 Coders', '❤️ Fans', '🏳️‍🌈 Pride', 'می\u200Cخواهم']) {
      const answer = await h.run('alice', `/team create "${name}"`);
      expect(answer.tone, textOf(answer)).toBe('success');
      expect(textOf(answer)).toContain(`Created ${name} (`);
    }
    expect(await teamNames(h)).toEqual(['alice (personal)', '👩‍💻 Coders', '❤️ Fans', '🏳️‍🌈 Pride', 'می\u200Cخواهم']);
  });

  it('keeps folding line breaks in a description to spaces, as before', async () => {
    await teamWith(h, 'alice', 'Acme');
    expect((await h.run('alice', '/team edit description:"GPU\nresearch"')).tone).toBe('success');
    expect((await h.teamNamed('Acme')).description).toBe('GPU research');
  });

  it('drops hidden characters from a display name the platform gives, so the personal team looks like the person', async () => {
    const identity = {
      platform: 'slack',
      workspaceId: 'T00FAKE',
      platformUserId: 'U00FAKEMAL1',
      displayName: '\u202Eecila\u200B',
    };
    const answer = await dispatch(h.deps, {
      identity,
      command: findCommand('team list')!,
      args: {},
      idempotencyKey: h.key(),
      origin: { platform: 'slack' },
    });
    expect(textOf(answer)).toContain('ecila (personal)');
    const user = await h.db.user.findFirstOrThrow({
      where: { identities: { some: { platformUserId: 'U00FAKEMAL1' } } },
      include: { identities: true },
    });
    expect(user.displayName).toBe('ecila');
    expect(user.identities[0]!.displayName).toBe('ecila');
    expect(await teamNames(h)).toEqual(['ecila (personal)']);
  });
});
