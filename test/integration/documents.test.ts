import { describe, expect, it } from 'vitest';
import { postEntry } from '../../src/credits/ledger.ts';
import { formatCents } from '../../src/money.ts';
import { meterResources } from '../../src/resources/metering.ts';
import { suggest } from '../../src/suggest.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';
import { pdfText } from '../support/pdf-text.ts';

describe('invoices and monthly statements as PDF files', () => {
  const h = useHarness();

  it('an invoice PDF carries its number, bill-to block, amount and payment as they were at the top-up', async () => {
    const team = await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run(
      'alice',
      '/team settings type:company company:"Acme GmbH" address:"1 Main Street, 10115 Berlin, Germany" taxid:DE123456789',
    );
    await h.run('alice', '/credits add 100');
    await h.run('alice', '/credits add 1,250.50', 'slack-command-42');
    await h.run('alice', '/team settings address:"2 New Road, Hamburg" taxid:DE999999999');

    const answer = await h.run('alice', '/credits invoice 2026-000002');
    expect(answer.tone).toBe('info');
    expect(textOf(answer)).toContain('Billing address: 1 Main Street, 10115 Berlin, Germany');
    expect(textOf(answer)).toContain('Tax id: DE123456789');
    expect(textOf(answer)).toContain('Amount: 1,250.50 USD');
    expect(textOf(answer)).toContain('Payment: manual, paid on 2026-11-25');
    expect(textOf(answer)).toContain('Reference: confirmed by operator alice');
    expect(answer.file).toMatchObject({ name: 'tally-acme-invoice-2026-000002.pdf', mimeType: 'application/pdf' });
    const pdf = await pdfText(answer.file!.data);
    expect(pdf.pages).toBe(1);
    expect(pdf.title).toBe('Invoice 2026-000002, Acme');
    expect(pdf.text).toMatch(/Invoice number\s+2026-000002/);
    expect(pdf.text).toMatch(/Date of issue\s+2026-11-25/);
    expect(pdf.text).toMatch(/Status\s+Paid on 2026-11-25/);
    expect(pdf.text).toMatch(/Seller\s+Seller details are not configured\./); // no TALLY_SELLER_* here
    expect(pdf.text).toMatch(/Bill to\s+Name\s+Acme GmbH\s+Team\s+Acme/);
    expect(pdf.text).toContain('Company (Acme GmbH)');
    expect(pdf.text).toContain('1 Main Street, 10115 Berlin, Germany'); // not the address set afterwards
    expect(pdf.text).toMatch(/Tax id\s+DE123456789/);
    expect(pdf.text).not.toContain('Hamburg');
    expect(pdf.text).not.toContain('DE999999999');
    expect(pdf.text).toMatch(/Method\s+manual\s+Reference\s+confirmed by operator alice\s+Paid on\s+2026-11-25/);
    expect(pdf.text).toMatch(/Total\s+1,250\.50 USD/);
    expect(pdf.text).toContain('One credit is 1.00 USD.');

    const again = await h.run('alice', '/credits invoice 2026-2');
    expect(Buffer.from(again.file!.data).equals(Buffer.from(answer.file!.data))).toBe(true); // an issued invoice never changes

    const stored = await h.db.invoice.findMany({ where: { teamId: team.id }, orderBy: { number: 'asc' } });
    expect(stored.map((i) => [i.number, i.currency, i.taxId, i.paymentReference])).toEqual([
      ['2026-000001', 'USD', 'DE123456789', 'confirmed by operator alice'],
      ['2026-000002', 'USD', 'DE123456789', 'confirmed by operator alice'],
    ]);

    const missing = await h.run('alice', '/credits invoice 2026-000009');
    expect(missing.tone).toBe('error');
    expect(textOf(missing)).toContain('Acme has no invoice 2026-000009');
    expect(missing.file).toBeUndefined();
    expect(textOf(await h.run('alice', '/credits invoice nine'))).toContain('Numbers look like 2026-000123');

    const denied = await h.run('bob', '/credits invoice 2026-000001 team:Acme');
    expect(denied.tone).toBe('error');
    expect(denied.file).toBeUndefined();
  });

  it('seller, currency and footer come from the settings; names print in any script, on statements too', async () => {
    h.deps.invoicing = {
      currency: 'EUR',
      seller: {
        name: 'Ωμέγα Cloud Ε.Π.Ε.',
        address: 'ул. Ленина 1\n101000 Москва',
        taxId: 'EL123456789',
        footer: 'Reverse charge: VAT to be accounted for by the recipient.',
      },
    };
    try {
      await teamWith(h, 'alice', 'Ακμή');
      await h.run(
        'alice',
        '/team settings type:company company:"ООО Ромашка" address:"Αθήνα 10558" taxid:"RU 7701234567"',
      );
      const added = await h.run('alice', '/credits add 50');
      const button = added.buttons?.find((b) => b.label === 'Invoice 2026-000001');
      expect(button).toBeDefined();
      const answer = await h.press('alice', added, 'Invoice 2026-000001');
      expect(textOf(answer)).toContain('Amount: 50.00 EUR');
      const pdf = await pdfText(answer.file!.data);
      expect(pdf.text).toMatch(/Seller\s+Name\s+Ωμέγα Cloud Ε\.Π\.Ε\./);
      expect(pdf.text).toMatch(/Address\s+ул\. Ленина 1\s+101000 Москва/);
      expect(pdf.text).toMatch(/Tax id\s+EL123456789/);
      expect(pdf.text).toMatch(/Bill to\s+Name\s+ООО Ромашка\s+Team\s+Ακμή/);
      expect(pdf.text).toContain('Αθήνα 10558');
      expect(pdf.text).toMatch(/Tax id\s+RU 7701234567/);
      expect(pdf.text).toMatch(/Total\s+50\.00 EUR/);
      expect(pdf.text).toContain('Reverse charge: VAT to be accounted for by the recipient.');

      const statement = await pdfText((await h.run('alice', '/credits statement')).file!.data);
      expect(statement.text).toMatch(/Team\s+Ακμή/);
      expect(statement.text).toContain('Company (ООО Ромашка)');
      expect(statement.text).toMatch(/Tax id\s+RU 7701234567/);
      expect(statement.text).toMatch(/Closing balance\s+50\.00 EUR/);
      expect(statement.text).toMatch(/2026-11-25\s+2026-000001\s+50\.00/);

      // The seller moves: the invoice already issued keeps the details it was issued with.
      h.deps.invoicing = { currency: 'EUR', seller: { name: 'Other Ltd', address: 'Elsewhere', taxId: 'X1234' } };
      const later = await pdfText((await h.run('alice', '/credits invoice 2026-000001')).file!.data);
      expect(later.text).toContain('Ωμέγα Cloud');
      expect(later.text).not.toContain('Other Ltd');
    } finally {
      h.deps.invoicing = { currency: 'USD', seller: null };
    }
  });

  it('a monthly statement lists the charges of that month by resource and carries the balance over', async () => {
    h.clock.set('2026-10-20T10:00:00Z');
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/team settings address:"1 Main Street, Berlin"');
    await h.run('alice', '/credits add 100'); // invoice 2026-000001, in October
    h.clock.set('2026-10-31T22:30:00Z');
    expect((await h.run('alice', '/launch instance h100 train')).tone).toBe('success'); // 2.49, October
    h.clock.set('2026-10-31T23:30:00Z');
    await meterResources(h.deps); // 2.49, October
    h.clock.set('2026-11-01T00:30:00Z');
    await meterResources(h.deps); // 2.49, November
    h.clock.set('2026-11-01T01:00:00Z');
    await h.run('alice', '/resources stop train'); // half an hour back, November
    await h.run('alice', '/credits add 20'); // invoice 2026-000002, November
    h.clock.set('2026-11-10T08:00:00Z');
    expect((await h.run('alice', '/launch instance h100 eval')).tone).toBe('success');
    h.clock.set('2026-11-10T09:00:00Z');
    await meterResources(h.deps);
    h.clock.set('2026-11-25T09:00:00Z');

    const november = await h.run('alice', '/credits statement');
    expect(november.file?.name).toBe('tally-acme-statement-2026-11.pdf');
    const closing = (await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).balanceCents;
    expect(textOf(november)).toContain('Opening balance: 95.02');
    expect(textOf(november)).toContain(`Closing balance: ${formatCents(closing)}`);
    const nov = await pdfText(november.file!.data);
    expect(nov.text).toContain('Statement, November 2026');
    expect(nov.text).toContain('2026-11-01 to 2026-11-30 (UTC)');
    expect(nov.text).toMatch(/Team\s+Acme/);
    expect(nov.text).toContain('1 Main Street, Berlin');
    expect(nov.text).toMatch(/Opening balance\s+95\.02/);
    expect(nov.text).toMatch(new RegExp(`Closing balance\\s+${formatCents(closing).replace('.', '\\.')}`));
    expect(nov.text).toMatch(/eval\s+instance h100\S*\s+2\s+4\.98\s+0\.00\s+4\.98/);
    expect(nov.text).toMatch(/train\s+instance h100\S*\s+1\s+2\.49\s+1\.2\d\s+1\.2\d/);
    expect(nov.text).toMatch(/Date\s+Invoice\s+Amount \(USD\)\s+2026-11-01\s+2026-000002\s+20\.00/);
    expect(nov.text).not.toContain('2026-000001');
    expect(nov.text).toMatch(/Opening balance\s+95\.02 USD/);
    expect(nov.text).toMatch(/Top-ups\s+\+20\.00 USD/);
    expect(nov.text).toContain('Amounts are in USD; one credit is 1.00 USD.');

    const october = await pdfText((await h.run('alice', '/credits statement 2026-10')).file!.data);
    expect(october.text).toMatch(/Opening balance\s+0\.00/);
    expect(october.text).toMatch(/train\s+instance h100\S*\s+2\s+4\.98\s+0\.00\s+4\.98/);
    expect(october.text).not.toContain('eval');
    expect(october.text).toMatch(/Closing balance\s+95\.02/);

    const byName = await h.run('alice', '/credits statement "October 2026"');
    expect(byName.file?.name).toBe('tally-acme-statement-2026-10.pdf');
    const unquoted = await h.run('alice', '/credits statement October 2026');
    expect(unquoted.file?.name).toBe('tally-acme-statement-2026-10.pdf');
    expect((await h.run('alice', '/credits statement last')).file?.name).toBe('tally-acme-statement-2026-10.pdf');
  });

  it('the chat summary adds up: promotions and adjustments are listed when the month had any', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 10');
    await h.run('alice', `/credits grant 5 welcome team:${team.id}`);
    await h.run('alice', `/credits adjust -2 double charge team:${team.id}`);
    const summary = textOf(await h.run('alice', '/credits statement'));
    expect(summary).toContain('Top-ups: +10.00');
    expect(summary).toContain('Promotions: +5.00');
    expect(summary).toContain('Adjustments: -2.00');
    expect(summary).toContain('Closing balance: 13.00');
  });

  it('a month without activity still gets a statement; an unknown or future month is refused politely', async () => {
    await teamWith(h, 'alice', 'Acme');
    const quiet = await h.run('alice', '/credits statement 2026-09');
    expect(await pdfText(quiet.file!.data).then((p) => p.text)).toContain('No resources were charged this month.');
    const future = await h.run('alice', '/credits statement 2027-01');
    expect(future.tone).toBe('error');
    expect(textOf(future)).toContain('January 2027 has not begun yet');
    const nonsense = await h.run('alice', '/credits statement soonish');
    expect(nonsense.tone).toBe('error');
    expect(textOf(nonsense)).toContain('"soonish" is not a month I understand');
    const badMonth = await h.run('alice', '/credits statement 2026-13');
    expect(textOf(badMonth)).toContain('"2026-13" is not a month I understand');
  });

  it('balances carry over by sums, also when a charge stamped in one month is applied after a top-up of the next', async () => {
    h.clock.set('2026-10-31T23:00:00Z');
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 50'); // October
    h.clock.set('2026-11-01T00:00:05Z');
    await h.run('alice', '/credits add 20'); // November
    // A metering run that began at 23:59:50 posts its charge now, stamped with its start.
    await h.db.$transaction((tx) =>
      postEntry(tx, {
        teamId: team.id,
        kind: 'charge',
        amountCents: -249,
        idempotencyKey: 'late-charge',
        reason: 'late',
        at: new Date('2026-10-31T23:59:50Z'),
      }),
    );
    const october = await h.run('alice', '/credits statement 2026-10');
    expect(textOf(october)).toContain('Closing balance: 47.51'); // 50.00 - 2.49, not the 67.51 the late entry's balance-after says
    const november = await h.run('alice', '/credits statement 2026-11');
    expect(textOf(november)).toContain('Opening balance: 47.51');
    expect(textOf(november)).toContain('Closing balance: 67.51');
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).balanceCents).toBe(6751);
  });

  it('suggests the last twelve months for the month option', async () => {
    const identity = { platform: 'console', workspaceId: 'local', platformUserId: 'alice', displayName: 'alice' };
    const all = await suggest(h.deps, identity, 'month', '');
    expect(all).toHaveLength(12);
    expect(all[0]).toEqual({ name: 'November 2026 (2026-11, this month)', value: '2026-11' });
    expect(all[11]).toEqual({ name: 'December 2025 (2025-12)', value: '2025-12' });
    expect(await suggest(h.deps, identity, 'month', 'oct')).toEqual([
      { name: 'October 2026 (2026-10)', value: '2026-10' },
    ]);
    expect(await suggest(h.deps, identity, 'month', '2025')).toEqual([
      { name: 'December 2025 (2025-12)', value: '2025-12' },
    ]);
  });

  it('a long month runs over several pages with the table header repeated', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run('alice', '/credits add 5000');
    for (let i = 1; i <= 60; i++)
      expect((await h.run('alice', `/launch volume 10 vol-${String(i).padStart(2, '0')}`)).tone).toBe('success');
    const statement = await h.run('alice', '/credits statement');
    const pdf = await pdfText(statement.file!.data);
    expect(pdf.pages).toBeGreaterThan(1);
    for (let i = 1; i <= 60; i++) expect(pdf.text).toContain(`vol-${String(i).padStart(2, '0')}`);
    expect(pdf.text.match(/Resource\s+Type\s+Hours/g)?.length).toBeGreaterThan(1); // the header again on the next page
    const charged = await h.db.ledgerEntry.count({ where: { teamId: team.id, kind: 'charge' } });
    expect(charged).toBe(60);
    expect(pdf.text).toMatch(/Total\s+60\s/);
  });
});
