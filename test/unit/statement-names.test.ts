import { describe, expect, it } from 'vitest';
import { statementNames } from '../../src/db/statement-names.ts';

describe('prepared statement names', () => {
  it('gives one text one name, and different texts different names', () => {
    const nameOf = statementNames();
    const a = nameOf({ sql: 'SELECT 1' });
    expect(a).toMatch(/^tally_\d+$/);
    expect(nameOf({ sql: 'SELECT 1' })).toBe(a);
    expect(nameOf({ sql: 'SELECT 2' })).not.toBe(a);
  });

  it('leaves texts past the limit unnamed, and keeps naming the ones it named', () => {
    const nameOf = statementNames(2);
    const first = nameOf({ sql: 'SELECT 1' });
    nameOf({ sql: 'SELECT 2' });
    expect(nameOf({ sql: 'SELECT 3' })).toBe('');
    expect(nameOf({ sql: 'SELECT 1' })).toBe(first);
  });
});
