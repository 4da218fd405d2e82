import { describe, expect, it } from 'vitest';
import { formatCents, parseAmount } from '../../src/money.ts';

describe('money', () => {
  it.each([
    ['50', 5000],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.01', 1],
    ['1,234.56', 123456],
    ['$20', 2000],
    [' 7 ', 700],
    ['1000000', 100_000_000],
  ])('parses %s as %i cents', (text, cents) => expect(parseAmount(text)).toBe(cents));

  it.each(['-5', '1.005', 'abc', '', '1,23', '12.', '.5', '1e3', '0x10', '1000000.01', '99999999999999999999'])(
    'refuses %s',
    (text) => {
      expect(() => parseAmount(text)).toThrow();
    },
  );

  it('formats cents with two decimals and thousands separators', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(123456789)).toBe('1,234,567.89');
    expect(formatCents(-249)).toBe('-2.49');
  });
});
