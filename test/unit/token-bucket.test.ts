import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../adapters/rest-api/token-bucket.ts';

describe('the REST API rate limit: a token bucket per key', () => {
  it('lets a burst through, then one request per 1/rate seconds, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1); // half a second to the next token: whole seconds, at least 1
    expect(buckets.take('b')).toBe(0); // each key has its own bucket
    now += 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    now += 60_000; // a long quiet spell refills up to the burst, no further
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0, 1]);
  });

  it('counts the wait in whole seconds at a slow rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(0.1, 1, () => now);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(10);
    now += 9_500;
    expect(buckets.take('a')).toBe(1);
  });
});
