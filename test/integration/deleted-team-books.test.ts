import { describe, expect, it } from 'vitest';
import { teamWith, textOf, useHarness } from '../support/harness.ts';

describe("a deleted team's books stay readable", () => {
  const h = useHarness();

  it('billing roles list and download its invoices and statements; nothing else reaches it', async () => {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'co-owner', carol: 'member' });
    await h.run('alice', '/credits add 20 team:Acme');
    const ask = await h.run('alice', '/team delete team:Acme');
    const deleted = await h.press('alice', ask, 'Delete Acme');
    expect(deleted.text).toContain(`/credits invoices team:${team.id}`);

    expect(textOf(await h.run('alice', '/credits invoices team:Acme'))).toContain('2026-000001');
    const invoice = await h.run('bob', `/credits invoice 2026-000001 team:${team.id}`);
    expect(invoice.file?.name).toMatch(/invoice-2026-000001\.pdf$/);
    expect((await h.run('alice', '/credits statement team:Acme')).file?.mimeType).toBe('application/pdf');
    expect(textOf(await h.run('alice', '/credits history team:Acme'))).toContain('Top-up +20.00, invoice 2026-000001');

    expect(textOf(await h.run('carol', '/credits invoices team:Acme'))).toContain('needs the billing.view permission');
    expect(textOf(await h.run('alice', '/credits add 5 team:Acme'))).toContain('You have no team called "Acme"');
    expect(textOf(await h.run('alice', '/team switch Acme'))).toContain('You have no team called "Acme"');
    expect(textOf(await h.run('dave', '/credits invoices team:Acme'))).toContain('You have no team called "Acme"');
  });
});
