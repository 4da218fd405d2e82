import { describe, expect, it } from 'vitest';
import { parseDocumentNumber } from '../../src/invoices/numbering.ts';

describe('document numbers as people type them', () => {
  it('reads an invoice number with or without its zeros, a leading "#" or spaces', () => {
    for (const typed of ['2026-000123', '2026-123', '#2026-000123', ' # 2026-123 '])
      expect(parseDocumentNumber(typed, 'invoice')).toBe('2026-000123');
  });

  it('keeps credit notes and invoices apart, and refuses anything else', () => {
    expect(parseDocumentNumber('cn-2026-7', 'credit_note')).toBe('CN-2026-000007');
    expect(parseDocumentNumber('CN-2026-7', 'invoice')).toBeUndefined();
    expect(parseDocumentNumber('2026-7', 'credit_note')).toBeUndefined();
    for (const typed of ['123', '26-000123', '2026-', '##2026-1'])
      expect(parseDocumentNumber(typed, 'invoice')).toBeUndefined();
  });
});
