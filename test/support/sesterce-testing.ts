import { type SesterceClientOptions, sesterceClient } from '../../adapters/sesterce/sesterce-client.ts';
import { type SesterceComputeOptions, sesterceCompute } from '../../adapters/sesterce/sesterce-compute.ts';
import { FAKE_SESTERCE_KEY, type FakeSesterce } from './fake-sesterce.ts';

/** The real Sesterce client against the fake, with timeouts and backoffs short enough for tests. */
export const fastClient = (fake: FakeSesterce, options: Partial<SesterceClientOptions> = {}) =>
  sesterceClient({
    apiKey: FAKE_SESTERCE_KEY,
    apiUrl: fake.url,
    timeoutMs: 1000,
    retries: 2,
    backoffMs: 1,
    ...options,
  });

/** The Sesterce provider over `fastClient`, creates retried at once. */
export const fastCompute = (
  fake: FakeSesterce,
  options: Partial<SesterceClientOptions> = {},
  more: SesterceComputeOptions = {},
) => sesterceCompute(fastClient(fake, options), { createBackoffMs: 1, createRetries: 2, ...more });

/** What a promise was rejected with, or an Error saying it was not. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('no error'),
    (error: Error) => error,
  );
