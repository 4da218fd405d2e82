import { describe, expect, it } from 'vitest';
import { type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';

/** Everything a user could see change: if none of it moved, the bad input wrote nothing. */
async function snapshot(h: Harness) {
  const [teams, members, ledger, resources, roles, links, keys, ssh, invitations] = await Promise.all([
    h.db.team.findMany({ orderBy: { id: 'asc' } }),
    h.db.membership.count(),
    h.db.ledgerEntry.count(),
    h.db.resource.count(),
    h.db.role.count(),
    h.db.inviteLink.count(),
    h.db.apiKey.count(),
    h.db.sshKey.count(),
    h.db.invitation.count(),
  ]);
  return JSON.stringify({ teams, members, ledger, resources, roles, links, keys, ssh, invitations });
}

describe('bad input gets a clear error and changes nothing', () => {
  const h = useHarness();

  const cases: [string, string, string][] = [
    // [what, line, part of the answer]
    ['empty name', '/team create ""', "name can't be empty"],
    ['too long name', `/team create ${'x'.repeat(65)}`, 'name can be at most 64 characters (you gave 65)'],
    [
      'too long description',
      `/team create Fine description:${'d'.repeat(281)}`,
      'description can be at most 280 characters',
    ],
    ['negative money', '/credits add -5', 'must be positive'],
    ['fractional cents', '/credits add 1.005', 'at most two decimals'],
    ['zero money', '/credits add 0', 'The amount must be more than 0.'],
    ['words for money', '/credits add lots', '"lots" is not an amount'],
    ['huge money', '/credits add 100000000', 'at most 1,000,000.00'],
    ['money missing', '/credits add', 'amount is missing'],
    ['wrong type of integer', '/launch volume big data', 'size must be a whole number, not "big"'],
    ['integer out of range', '/team logs 1000', 'limit must be between 1 and 100'],
    ['not a person', '/team role bob member', 'person must be a person, mentioned like @name'],
    ['unknown choice', '/team settings type:charity', 'type must be one of individual, company'],
    ['bad duration', '/team invite expires:soon', 'is not a duration'],
    ['duration too long', '/team invite expires:400d', 'between 5 minutes and 90 days'],
    ['unknown team', '/credits team:Nope', 'You have no team called "Nope"'],
    ['unknown option', '/credits add 5 colour:red', 'I didn\'t expect "colour:red"'],
    ['too many words', '/team list please', 'I didn\'t expect "please"'],
    ['bad resource name', '/launch instance h100 "my gpu!"', 'name "my gpu!" must start with a letter or digit'],
    ['unknown flavor', '/launch instance tpu9 x', 'There is no instance flavor "tpu9"'],
    ['bad ssh key', '/resources sshkey add laptop ssh-ed25519 AAAAnotakey', 'not an OpenSSH public key'],
    ['private ssh key', '/resources sshkey add laptop -----BEGIN OPENSSH PRIVATE KEY-----', 'That is a private key'],
    ['unknown permission', '/team role-create Ops billing.everything', '"billing.everything" is not a permission'],
    ['unknown role', '/team role @bob wizard', 'There is no role "wizard"'],
    ['invite as owner', '/team invite @bob owner', 'never make someone Owner'],
    ['company without a name', '/team settings type:company', 'needs the company name'],
    ['edit nothing', '/team edit', 'Tell me what to change'],
    ['unknown command', '/teams list', 'I don\'t know the command "teams"'],
    ['help first', '/help', 'Each command has its own help: /team help, /credits help'],
    ['unknown subcommand', '/credits steal', '/credits has no subcommand "steal"'],
    ['option twice', '/credits add 5 team:Acme team:Acme', 'The option team is given twice'],
  ];

  for (const [what, line, expected] of cases) {
    it(what, async () => {
      await teamWith(h, 'alice', 'Acme', { bob: 'member' });
      const before = await snapshot(h);
      const answer = await h.run('alice', line);
      expect(answer.tone).toBe('error');
      expect(answer.ephemeral).toBe(true);
      expect(textOf(answer)).toContain(expected);
      expect(await snapshot(h)).toBe(before);
    });
  }

  it("someone else's team id is refused like an unknown team", async () => {
    const theirs = await teamWith(h, 'mallory', 'Secret');
    await h.run('alice', '/team create Acme');
    const before = await snapshot(h);
    for (const line of [
      `/credits team:${theirs.id}`,
      `/launch instance h100 x team:${theirs.id}`,
      `/team invite team:${theirs.id}`,
      `/team switch ${theirs.id}`,
    ]) {
      const answer = await h.run('alice', line);
      expect(answer.tone).toBe('error');
      expect(answer.text).toContain(`You have no team called "${theirs.id}"`);
      expect(answer.text).not.toContain('Secret');
    }
    expect(await snapshot(h)).toBe(before);
  });

  it('buttons with tampered values are checked like typed commands', async () => {
    await teamWith(h, 'alice', 'Acme');
    await teamWith(h, 'mallory', 'Other');
    const before = await snapshot(h);
    expect((await h.invoke('mallory', 'team delete', { team: 'Acme', confirm: 'yes' })).text).toContain(
      'You have no team called "Acme"',
    );
    expect(
      (
        await h.invoke('alice', 'team switch', {
          to: { kind: 'person', platform: 'x', workspaceId: '', platformUserId: 'y', displayName: 'z' },
        })
      ).text,
    ).toContain('to must be text');
    expect((await h.invoke('alice', 'credits add', { amount: '5', bogus: '1' })).text).toContain(
      '/credits add has no option bogus',
    );
    expect((await h.invoke('alice', 'team accept', { invitation: 'nope' })).text).toContain(
      'That invitation does not exist',
    );
    expect(await snapshot(h)).toBe(before);
  });
});
