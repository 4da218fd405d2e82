import { describe, expect, it } from 'vitest';
import { postEntry } from '../../src/credits/ledger.ts';
import { creditNoteFileName, renderCreditNotePdf } from '../../src/documents/credit-note-pdf.ts';
import { issueCreditNote } from '../../src/invoices/credit-notes.ts';
import { plainText } from '../../src/rich-text.ts';
import { teamWith, textOf, useHarness } from '../support/harness.ts';
import { pdfText } from '../support/pdf-text.ts';

describe('credit notes for refunds', () => {
  const h = useHarness();

  async function invoiceOf(line: string) {
    await h.run('alice', line);
    return h.db.invoice.findFirstOrThrow({ orderBy: { number: 'desc' } });
  }

  it('are issued in the refund transaction, numbered in their own series, and printed with the invoice parties', async () => {
    const team = await teamWith(h, 'alice', 'Acme');
    await h.run(
      'alice',
      '/team settings type:company company:"Acme GmbH" address:"1 Main Street, Berlin" taxid:DE123456789',
    );
    const invoice = await invoiceOf('/credits add 50');
    h.clock.set('2026-11-27T12:00:00Z');

    const note = await h.db.$transaction(async (tx) => {
      const { entry } = await postEntry(tx, {
        teamId: team.id,
        kind: 'adjustment',
        amountCents: -2000,
        idempotencyKey: 'refund:re_123',
        reason: `refund of invoice ${invoice.number}`,
        at: h.clock.now(),
      });
      return issueCreditNote(tx, {
        invoiceId: invoice.id,
        amountCents: 2000,
        reason: 'Unused credits, refunded on request',
        at: h.clock.now(),
        ledgerEntryId: entry.id,
      });
    });
    expect(note.number).toBe('CN-2026-000001');
    const stored = await h.db.creditNote.findUniqueOrThrow({ where: { number: 'CN-2026-000001' } });
    expect(stored).toMatchObject({ invoiceId: invoice.id, amountCents: 2000, currency: 'USD' });
    expect(stored.ledgerEntryId).not.toBeNull();
    expect((await h.db.team.findUniqueOrThrow({ where: { id: team.id } })).balanceCents).toBe(3000);

    expect(creditNoteFileName(note)).toBe('tally-acme-credit-note-CN-2026-000001.pdf');
    const pdf = await pdfText(await renderCreditNotePdf(note));
    expect(pdf.title).toBe('Credit note CN-2026-000001, Acme');
    expect(pdf.text).toMatch(/Credit note number\s+CN-2026-000001/);
    expect(pdf.text).toMatch(/Date of issue\s+2026-11-27/);
    expect(pdf.text).toMatch(/Corrects invoice\s+2026-000001 of 2026-11-25/);
    expect(pdf.text).toMatch(/Reason\s+Unused credits, refunded on request/);
    expect(pdf.text).toContain('Seller details are not configured.');
    expect(pdf.text).toMatch(/Bill to\s+Name\s+Acme GmbH/);
    expect(pdf.text).toMatch(/Tax id\s+DE123456789/);
    expect(pdf.text).toMatch(/Total credited\s+-20\.00 USD/);
  });

  it('never credit more than the invoice, and a refused one gives its number back', async () => {
    await teamWith(h, 'alice', 'Acme');
    const first = await invoiceOf('/credits add 50');
    const second = await invoiceOf('/credits add 10');
    const issue = (invoiceId: string, amountCents: number) =>
      h.db.$transaction((tx) => issueCreditNote(tx, { invoiceId, amountCents, reason: 'refund', at: h.clock.now() }));

    expect((await issue(first.id, 3000)).number).toBe('CN-2026-000001');
    expect((await issue(first.id, 2000)).number).toBe('CN-2026-000002');
    await expect(issue(first.id, 1)).rejects.toMatchObject({
      code: 'credit_exceeds_invoice',
      message: 'Invoice 2026-000001 has 0.00 USD left to credit, not 0.01 USD.',
    });
    await expect(issue(second.id, 0)).rejects.toMatchObject({ code: 'invalid_amount' });
    expect((await issue(second.id, 1000)).number).toBe('CN-2026-000003');
    // Credit notes have their own series: the next invoice is still 2026-000003.
    expect((await invoiceOf('/credits add 5')).number).toBe('2026-000003');
    expect(await h.db.documentCounter.findMany({ orderBy: { series: 'asc' } })).toEqual([
      { series: 'credit_note', year: 2026, last: 3 },
      { series: 'invoice', year: 2026, last: 3 },
    ]);
  });

  it('are listed with the invoices, negative and named as credit notes, and shown with their PDF', async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await teamWith(h, 'carol', 'Other');
    const invoice = await invoiceOf('/credits add 50');
    h.clock.set('2026-11-27T12:00:00Z');
    await h.db.$transaction((tx) =>
      issueCreditNote(tx, {
        invoiceId: invoice.id,
        amountCents: 1250,
        reason: 'Card payment refunded',
        at: h.clock.now(),
      }),
    );
    h.clock.set('2026-11-27T13:00:00Z');
    await invoiceOf('/credits add 10');

    const list = await h.run('alice', '/credits invoices');
    expect(textOf(list)).toContain('2 invoices and 1 credit note, newest first.');
    expect(list.items?.map((item) => plainText(item.text))).toEqual([
      '2026-000002  2026-11-27  *10.00 USD*',
      'CN-2026-000001  2026-11-27  *-12.50 USD*  credit note for invoice 2026-000001',
      '2026-000001  2026-11-25  *50.00 USD*',
    ]);
    expect(list.items?.[1]?.buttons?.[0]).toMatchObject({
      command: 'credits invoice',
      args: { number: 'CN-2026-000001' },
    });

    const shown = await h.run('alice', '/credits invoice cn-2026-1');
    expect(shown.title).toBe('Credit note CN-2026-000001');
    expect(shown.text).toBe('Credit note CN-2026-000001 of *Acme*, with its PDF.');
    expect(shown.fields).toEqual([
      { label: 'Date', value: '2026-11-27' },
      { label: 'Corrects invoice', value: '2026-000001 of 2026-11-25' },
      { label: 'Bill to', value: 'Acme' },
      { label: 'Account type', value: 'Individual' },
      { label: 'Billing address', value: 'not set' },
      { label: 'Amount', value: '-12.50 USD' },
      { label: 'Reason', value: 'Card payment refunded' },
    ]);
    expect(shown.file).toMatchObject({
      name: 'tally-acme-credit-note-CN-2026-000001.pdf',
      mimeType: 'application/pdf',
    });
    const pdf = await pdfText(shown.file!.data);
    expect(pdf.title).toBe('Credit note CN-2026-000001, Acme');
    expect(pdf.text).toMatch(/Total credited\s+-12\.50 USD/);

    const elsewhere = await h.run('carol', '/credits invoice CN-2026-000001');
    expect(textOf(elsewhere)).toContain('Other has no credit note CN-2026-000001');
    expect(elsewhere.file).toBeUndefined();
    expect(textOf(await h.run('carol', '/credits invoices'))).not.toContain('CN-2026-000001');
    const denied = await h.run('bob', '/credits invoice CN-2026-000001 team:Acme');
    expect(denied.tone).toBe('error');
    expect(denied.file).toBeUndefined();
  });
});
