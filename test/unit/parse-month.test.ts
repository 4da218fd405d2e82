import { describe, expect, it } from 'vitest';
import { parseMonth } from '../../src/credits/statement.ts';

const NOVEMBER = new Date('2026-11-25T09:00:00Z');
const JANUARY = new Date('2027-01-10T09:00:00Z');
const key = (text: string | undefined, now: Date) => parseMonth(text, now).key;

describe('parseMonth', () => {
  it('reads the ways people name a month', () => {
    expect(key(undefined, NOVEMBER)).toBe('2026-11');
    expect(key('this', NOVEMBER)).toBe('2026-11');
    expect(key('last', NOVEMBER)).toBe('2026-10');
    expect(key('2026-3', NOVEMBER)).toBe('2026-03');
    expect(key('November 2026', NOVEMBER)).toBe('2026-11');
    expect(key('nov', NOVEMBER)).toBe('2026-11');
    expect(key('Sept. 2025', NOVEMBER)).toBe('2025-09');
    expect(parseMonth('2026-02', NOVEMBER)).toMatchObject({
      label: 'February 2026',
      from: new Date('2026-02-01T00:00:00Z'),
      to: new Date('2026-03-01T00:00:00Z'),
    });
  });

  it('takes a bare month name as its latest occurrence, across the new year', () => {
    expect(key('last', JANUARY)).toBe('2026-12');
    expect(key('december', JANUARY)).toBe('2026-12');
    expect(key('mar.', JANUARY)).toBe('2026-03');
    expect(key('jan', JANUARY)).toBe('2027-01');
  });

  it('refuses what is not a month, or not begun, naming it', () => {
    expect(() => parseMonth('2026-13', NOVEMBER)).toThrow('"2026-13" is not a month I understand');
    expect(() => parseMonth('no', NOVEMBER)).toThrow('"no" is not a month I understand');
    expect(() => parseMonth('1999-12', NOVEMBER)).toThrow('is not a month I understand');
    expect(() => parseMonth('December 2026', NOVEMBER)).toThrow('December 2026 has not begun yet');
  });
});
