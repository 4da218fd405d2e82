import { describe, expect, it } from 'vitest';
import { applyParsers, parsedTypes, rawTextParsers } from '../../src/db/pglite-parsers.ts';

const TIMESTAMPTZ = 1184;
const INT8 = 20;
const TEXT = 25;
const parsers = {
  [TIMESTAMPTZ]: (text: string) => `parsed ${text}`,
  [INT8]: (text: string, type?: number) => `${type}:${text}`,
};

describe("PGlite's parsers across the worker thread", () => {
  it('the worker leaves the parsed types as raw text', () => {
    const raw = rawTextParsers(parsedTypes(parsers));
    expect(
      Object.keys(raw)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([INT8, TIMESTAMPTZ]);
    expect(raw[TIMESTAMPTZ]!('2026-01-01 00:00:00+00')).toBe('2026-01-01 00:00:00+00');
  });

  it('the main thread runs them on their columns, with the type, leaving nulls and other types alone', () => {
    const fields = [
      { name: 'at', dataTypeID: TIMESTAMPTZ },
      { name: 'n', dataTypeID: INT8 },
      { name: 'name', dataTypeID: TEXT },
    ];
    const asArrays = applyParsers(
      {
        rows: [
          ['t1', '7', 'x'],
          [null, '8', 'y'],
        ],
        fields,
      },
      parsers,
      'array',
    );
    expect(asArrays.rows).toEqual([
      ['parsed t1', '20:7', 'x'],
      [null, '20:8', 'y'],
    ]);
    const asObjects = applyParsers({ rows: [{ at: 't1', n: null, name: 'x' }], fields }, parsers, 'object');
    expect(asObjects.rows).toEqual([{ at: 'parsed t1', n: null, name: 'x' }]);
  });

  it('a column name used twice is parsed once, by the type of the column that wins', () => {
    const fields = [
      { name: 'v', dataTypeID: TIMESTAMPTZ },
      { name: 'v', dataTypeID: TEXT },
    ];
    expect(applyParsers({ rows: [{ v: 'last' }], fields }, parsers, 'object').rows).toEqual([{ v: 'last' }]);
  });
});
