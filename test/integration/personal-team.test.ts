import { describe, expect, it } from 'vitest';
import { suggest } from '../../src/suggest.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

describe('the personal team answers to "personal"', () => {
  const h = useHarness();

  it('in /team switch and team:, in any case, for each person their own', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    const alice = await h.db.user.findFirstOrThrow({ where: { displayName: 'alice' } });
    expect(textOf(await h.run('alice', '/team switch personal'))).toContain('Your active team is now alice (personal)');
    expect((await h.db.user.findUniqueOrThrow({ where: { id: alice.id } })).activeTeamId).toBe(alice.personalTeamId);
    await h.run('alice', '/team switch Acme');
    expect(textOf(await h.run('alice', '/credits team:Personal'))).toContain('alice (personal) has no credits yet');
    expect(textOf(await h.run('bob', '/team info team:PERSONAL'))).toContain('bob (personal)');
    expect(textOf(await h.run('alice', `/team switch ${alice.personalTeamId}`))).toContain(
      'Your active team is now alice (personal)',
    );
  });

  it('autocomplete still shows the real name', async () => {
    await h.run('alice', '/team list');
    const alice = await h.db.user.findFirstOrThrow({ where: { displayName: 'alice' } });
    const identity = { platform: 'console', workspaceId: 'local', platformUserId: 'alice', displayName: 'alice' };
    expect(await suggest(h.deps, identity, 'team', 'personal')).toEqual([
      { name: `alice (personal) (${alice.personalTeamId})`, value: alice.personalTeamId },
    ]);
  });

  it('wins over a team literally called "personal", which is reached by its id; new teams cannot take the name', async () => {
    const side = await teamWith(h, 'alice', 'Side');
    await h.db.team.update({ where: { id: side.id }, data: { name: 'personal' } }); // named so before the word was reserved
    expect(textOf(await h.run('alice', '/team switch personal'))).toContain('Your active team is now alice (personal)');
    expect(textOf(await h.run('alice', `/team switch ${side.id}`))).toContain('Your active team is now personal');
    const created = await h.run('alice', '/team create Personal');
    expect(created.tone).toBe('error');
    expect(textOf(created)).toContain(
      '"Personal" always means your personal team in team: and /team switch; pick another name.',
    );
    await teamWith(h, 'alice', 'Acme');
    expect(textOf(await h.run('alice', '/team edit name:personal'))).toContain(
      '"personal" always means your personal team',
    );
    expect((await h.db.team.findMany({ orderBy: { createdAt: 'asc' } })).map((t) => t.name)).toEqual([
      'alice (personal)',
      'personal',
      'Acme',
    ]);
  });
});
