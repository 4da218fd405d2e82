import { describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../src/apikeys/api-keys.ts';
import { sha256Hex } from '../../src/ids.ts';
import { type Harness, teamWith, textOf, useHarness } from '../support/harness.ts';

async function ownersOf(h: Harness, teamId: string) {
  const owners = await h.db.membership.findMany({ where: { teamId, role: { key: 'owner' } }, include: { user: true } });
  return owners.map((o) => o.user.displayName);
}

describe('teams', () => {
  const h = useHarness();

  it('first contact makes a personal team; create, list, switch and info work with ids and names', async () => {
    const list = await h.run('alice', '/team list');
    expect(textOf(list)).toContain('alice (personal)');
    const created = await h.run('alice', '/team create "Deep Learning" description:"Vision models"');
    const team = await h.teamNamed('Deep Learning');
    expect(textOf(created)).toContain(`Created Deep Learning (${team.id})`);
    const listed = await h.run('alice', '/team list');
    expect(listed.items).toHaveLength(2);
    expect(textOf(listed)).toContain(`▶ Deep Learning ${team.id} (active)`);
    expect(listed.items![1]!.fields).toEqual(
      expect.arrayContaining([
        { label: 'Your role', value: 'Owner' },
        { label: 'Members', value: '1' },
      ]),
    );
    const switched = await h.press('alice', listed, 'Switch');
    expect(textOf(switched)).toContain('Your active team is now alice (personal)');
    expect(textOf(await h.run('alice', `/team switch ${team.id.toLowerCase()}`))).toContain('now Deep Learning');
    const info = textOf(await h.run('alice', '/team info'));
    expect(info).toContain('Vision models');
    expect(info).toContain('Owner: alice');
    expect((await h.run('alice', '/team create "deep learning"')).text).toContain(
      'already in a team called "Deep Learning"',
    );
  });

  it('keeps exactly one Owner through transfers and role changes; the Owner cannot leave', async () => {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'co-owner', carol: 'member' });
    expect((await h.run('alice', '/team leave')).text).toContain(
      'transfer ownership with /team transfer @person first'.replace(
        '/team transfer @person',
        '`/team transfer @person`',
      ),
    );
    expect((await h.run('alice', '/team role @bob owner')).text).toContain('exactly one Owner');
    expect((await h.run('bob', '/team role @alice member team:Acme')).title).toBe('Not allowed');
    const ask = await h.run('alice', '/team transfer @bob');
    expect(ask.tone).toBe('warning');
    expect(await ownersOf(h, team.id)).toEqual(['alice']);
    expect(textOf(await h.press('alice', ask, 'Transfer to bob'))).toContain('bob now owns Acme. You are Co-Owner.');
    expect(await ownersOf(h, team.id)).toEqual(['bob']);
    expect((await h.run('alice', '/team transfer @carol')).title).toBe('Not allowed');
    expect((await h.run('bob', '/team remove @bob team:Acme')).text).toContain('/team leave');
    expect(textOf(await h.run('alice', '/team leave'))).toContain('You left Acme');
    expect((await h.run('carol', '/team remove @bob team:Acme')).title).toBe('Not allowed');
    expect(await ownersOf(h, team.id)).toEqual(['bob']);
    const alice = await h.db.user.findUniqueOrThrow({ where: { id: await h.userId('alice') } });
    expect(alice.activeTeamId).toBe(alice.personalTeamId);
  });

  it('nobody leaves, deletes or transfers a personal team', async () => {
    await h.run('alice', '/team list');
    expect((await h.run('alice', '/team leave')).text).toContain('Nobody leaves their personal team');
    expect((await h.run('alice', '/team delete confirm:yes')).text).toContain('personal team cannot be deleted');
  });

  it('removes members, who fall back to their personal team', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run('bob', '/team switch Acme');
    expect(textOf(await h.run('alice', '/team remove @bob'))).toContain('Removed bob from Acme');
    const info = textOf(await h.run('bob', '/team info'));
    expect(info).toContain('bob (personal)');
    expect(info).not.toContain('(personal) (personal)');
    expect(textOf(await h.run('alice', '/team members'))).not.toContain('bob');
  });

  it('deletes a team only after confirmation and never while resources run', async () => {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run('alice', '/credits add 10');
    const ask = await h.run('alice', '/team delete');
    expect(textOf(ask)).toContain('Its remaining 10.00 credits can no longer be used');
    // A launch after the question: the confirmation is checked again when pressed.
    await h.run('alice', '/launch instance h100 a');
    expect((await h.press('alice', ask, 'Delete Acme')).text).toContain('still has 1 running resource');
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).deletedAt).toBeNull();
    await h.run('alice', '/resources stop a');
    expect(textOf(await h.press('alice', ask, 'Delete Acme'))).toContain('Acme has been deleted');
    expect(textOf(await h.run('bob', '/team list'))).not.toContain('Acme');
    expect(await h.db.ledgerEntry.count({ where: { teamId: team.id } })).toBe(3);
  });

  it('custom roles: create, rename, change, refuse to delete while held', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run('alice', '/team role-create Auditor logs.view');
    await h.run('alice', '/team role @bob auditor');
    expect(
      textOf(await h.run('alice', '/team role-edit auditor name:Inspector permissions:logs.view,billing.view')),
    ).toContain('Saved the role Inspector: billing.view, logs.view');
    expect((await h.run('bob', '/credits team:Acme')).title).toBe('Credits');
    expect((await h.run('alice', '/team role-delete inspector')).text).toContain('1 member has the role Inspector');
    expect((await h.run('alice', '/team role-edit member permissions:logs.view')).text).toContain('built-in role');
    expect((await h.run('alice', '/team role-create Co-Owner logs.view')).text).toContain(
      'already a role called "Co-Owner"',
    );
    await h.run('alice', '/team role @bob member');
    expect(textOf(await h.run('alice', '/team role-delete inspector'))).toContain('Deleted the role');
    expect(textOf(await h.run('alice', '/team roles'))).not.toContain('Inspector');
  });

  it('settings, API keys and SSH keys', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    const settings = textOf(
      await h.run('alice', '/team settings type:company company:"Acme SAS" address:"5 rue X, Paris"'),
    );
    expect(settings).toContain('Account type: Company');
    expect(settings).toContain('Company: Acme SAS');
    expect(textOf(await h.run('alice', '/team settings type:individual'))).not.toContain('Company');

    const created = await h.run('alice', '/team apikey create ci-bot');
    const token = /tly_[0-9a-z]{8}_[0-9a-z]{32}/.exec(created.text)![0];
    const stored = await h.db.apiKey.findFirstOrThrow();
    expect(stored.secretHash).toBe(sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token.slice(13));
    expect(textOf(await h.run('alice', '/team apikey list'))).not.toContain(token);
    expect((await authenticateApiKey(h.deps, token))?.team.team.id).toBe(team.id);
    expect((await h.run('alice', '/team apikey create ci-bot')).text).toContain('already has a live API key');
    await h.run('alice', '/team apikey revoke ci-bot');
    expect(await authenticateApiKey(h.deps, token)).toBeNull();
    expect((await h.run('alice', '/team apikey create ci-bot')).tone).toBe('success');

    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoSDPnXWuCVd8aM8hCiv1eeq5DQpBvGb9r6CAxcqWXy bob@laptop';
    expect(textOf(await h.run('alice', `/resources sshkey add laptop ${key}`))).toContain(
      'SHA256:jAdKxaBU2+BPDseTcw8S/Zeq7fGRcAryFCtnVdfFFQk',
    );
    expect(textOf(await h.run('alice', '/resources sshkey list'))).toContain('laptop');
    await h.run('alice', '/credits add 5');
    await h.run('alice', '/launch instance h100 box laptop');
    expect((await h.db.resource.findFirstOrThrow()).sshKeyId).not.toBeNull();
    expect((await h.run('alice', '/launch instance h100 box2 desktop')).text).toContain('no SSH key called "desktop"');
    expect(textOf(await h.run('alice', '/resources sshkey remove laptop'))).toContain('Removed SSH key laptop');
  });
});
