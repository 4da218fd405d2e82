import { describe, expect, it } from 'vitest';
import { type Harness, textOf, useHarness } from '../support/harness.ts';

async function createdTeams(h: Harness) {
  return (await h.db.team.findMany({ where: { isPersonal: false }, orderBy: { createdAt: 'asc' } })).map((t) => ({
    name: t.name,
    description: t.description,
  }));
}

describe('/team create takes the whole text as the name', () => {
  const h = useHarness();

  it('makes "Acme Corp" of /team create Acme Corp, and takes a description only from description:', async () => {
    expect(textOf(await h.run('alice', '/team create Acme Corp'))).toContain('Created Acme Corp (');
    expect(textOf(await h.run('alice', '/team create GPU  Lab description:"GPU research"'))).toContain(
      'Created GPU Lab (',
    );
    expect(textOf(await h.run('alice', '/team create "Deep Learning" description:Vision'))).toContain(
      'Created Deep Learning (',
    );
    expect(textOf(await h.run('alice', "/team create Alice's & Bob's lab"))).toContain("Created Alice's & Bob's lab (");
    expect(textOf(await h.run('alice', "/team create 'Bob's team'"))).toContain("Created Bob's team (");
    expect(await createdTeams(h)).toEqual([
      { name: 'Acme Corp', description: '' },
      { name: 'GPU Lab', description: 'GPU research' },
      { name: 'Deep Learning', description: 'Vision' },
      { name: "Alice's & Bob's lab", description: '' },
      { name: "Bob's team", description: '' },
    ]);
  });

  it('refuses the old name-then-quoted-description form instead of guessing, and shows an example', async () => {
    const answer = await h.run('alice', '/team create Acme "GPU research"');
    expect(answer.tone).toBe('error');
    expect(textOf(answer)).toContain('name takes the rest of the line, so "GPU research" would become part of it');
    expect(textOf(answer)).toContain(
      'Usage: /team create <name…> [description:…], e.g. /team create Acme Corp description:"GPU research"',
    );
    expect(await createdTeams(h)).toEqual([]);
  });

  it('shows the example in /team help', async () => {
    expect(textOf(await h.run('alice', '/team help'))).toContain(
      '/team create <name…> [description:…]: Create a team; you become its Owner and it becomes your active team, e.g. /team create Acme Corp description:"GPU research"',
    );
  });
});
