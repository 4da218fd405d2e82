import { describe, expect, it } from 'vitest';
import { nextDocumentNumber } from '../../src/invoices/numbering.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

describe('invoice numbers: one series across the whole Tally, per year, without gaps', () => {
  const h = useHarness({ poolSize: 12 });

  const numbers = async () =>
    (await h.db.invoice.findMany({ orderBy: { number: 'asc' }, include: { team: true } })).map(
      (i) => `${i.number} ${i.team.name}`,
    );

  it('two teams share one sequence', async () => {
    await teamWith(h, 'alice', 'Acme');
    await teamWith(h, 'bob', 'Globex');
    expect(textOf(await h.run('alice', '/credits add 10'))).toContain('Invoice: 2026-000001');
    expect(textOf(await h.run('bob', '/credits add 20'))).toContain('Invoice: 2026-000002');
    expect(textOf(await h.run('alice', '/credits add 30'))).toContain('Invoice: 2026-000003');
    expect(await numbers()).toEqual(['2026-000001 Acme', '2026-000002 Globex', '2026-000003 Acme']);
    // Each team sees its own only.
    const acme = textOf(await h.run('alice', '/credits invoices'));
    expect(acme).toContain('2026-000003');
    expect(acme).toContain('2026-000001');
    expect(acme).not.toContain('2026-000002');
    expect(textOf(await h.run('alice', '/credits invoice 2026-000002'))).toContain('Acme has no invoice 2026-000002');
  });

  it('concurrent top-ups get distinct, consecutive numbers', async () => {
    await teamWith(h, 'alice', 'Acme');
    await teamWith(h, 'bob', 'Globex');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.run(i % 2 ? 'bob' : 'alice', `/credits add ${i + 1}`)),
    );
    expect(answers.every((a) => a.tone === 'success')).toBe(true);
    const issued = (await h.db.invoice.findMany({ select: { number: true } })).map((i) => i.number).sort();
    expect(issued).toEqual(Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`));
    expect(await h.db.documentCounter.findMany()).toEqual([{ series: 'invoice', year: 2026, last: 10 }]);
  });

  it('a rolled-back transaction gives its number back, and a new year starts at 1', async () => {
    await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 10');
    await expect(
      h.db.$transaction(async (tx) => {
        expect(await nextDocumentNumber(tx, 'invoice', h.clock.now())).toBe('2026-000002');
        throw new Error('the refund failed');
      }),
    ).rejects.toThrow('the refund failed');
    expect(textOf(await h.run('alice', '/credits add 10'))).toContain('Invoice: 2026-000002');
    h.clock.set('2027-01-01T00:00:00Z');
    expect(textOf(await h.run('alice', '/credits add 10'))).toContain('Invoice: 2027-000001');
    expect(await numbers()).toEqual(['2026-000001 Acme', '2026-000002 Acme', '2027-000001 Acme']);
  });

  it("an invoice from before global numbers is still found by the team's old number", async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 10');
    await h.db.invoice.updateMany({ where: { teamId: team.id }, data: { legacyNumber: 3 } });
    const old = await h.run('alice', '/credits invoice 3');
    expect(old.title).toBe('Invoice 2026-000001');
    expect(textOf(await h.run('alice', '/credits invoice 4'))).toContain('Acme has no invoice 4');
  });
});

describe('the tax id in /team settings', () => {
  const h = useHarness();

  it('is saved, shown, cleared, and refused politely when it is not a tax id', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    const saved = await h.run('alice', '/team settings taxid:"GB 123 4567 89"');
    expect(saved.tone).toBe('success');
    expect(textOf(saved)).toContain('Tax id: GB 123 4567 89');
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).taxId).toBe('GB 123 4567 89');

    for (const bad of ['<!channel>', '*DE123*', 'DE', 'DE 123 `rm`', 'DE-']) {
      const refused = await h.run('alice', `/team settings taxid:"${bad}"`);
      expect(refused.tone, bad).toBe('error');
      expect(textOf(refused)).toContain(
        'is not a tax id: use 4 to 30 letters, digits, spaces, dots, dashes or slashes',
      );
    }
    expect(textOf(await h.run('alice', `/team settings taxid:${'1'.repeat(31)}`))).toContain(
      'taxid can be at most 30 characters (you gave 31)',
    );
    const markup = await h.run('alice', '/team settings taxid:"<!channel>"');
    // The value comes back as data, never as markup a platform would obey.
    expect(markup.text).toContain('"<!channel>"');
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).taxId).toBe('GB 123 4567 89');

    expect(textOf(await h.run('alice', '/team settings taxid:""'))).toContain('Tax id: not set');
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).taxId).toBeNull();
  });
});
