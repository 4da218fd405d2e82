import { describe, expect, it } from 'vitest';
import { postEntry } from '../../src/credits/ledger.ts';
import { creditNoteFileName, renderCreditNotePdf } from '../../src/documents/credit-note-pdf.ts';
import { issueCreditNote } from '../../src/invoices/credit-notes.ts';
import { teamWith, useHarness } from '../support/harness.ts';
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
});
