import { describe, expect, it } from 'vitest';
import { newUuidV7 } from '../../src/ids.ts';

describe('newUuidV7 (ids for rows written in raw SQL, made as the schema makes uuid(7))', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the current millisecond', () => {
    const before = Date.now();
    const id = newUuidV7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sorts in the order the ids were made, also within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newUuidV7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
