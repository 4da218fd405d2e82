import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../bin/settings.ts';

const KEY = 'sk-FAKE-sesterce-0000000000';
const sesterce = (env: Record<string, string>) => loadSettings(env).sesterce;

describe('the Sesterce settings', () => {
  it('are off by default: the simulator launches the machines', () => {
    expect(sesterce({})).toBeUndefined();
    expect(sesterce({ TALLY_COMPUTE: 'simulated', TALLY_PRICE_MARKUP_PERCENT: '20' })).toBeUndefined();
  });

  it('read the key, the default URL and no markup; a URL loses its trailing slash', () => {
    expect(sesterce({ TALLY_COMPUTE: 'sesterce', SESTERCE_API_KEY: KEY })).toEqual({
      apiKey: KEY,
      apiUrl: 'https://api.cloud.sesterce.com',
      markupPercent: 0,
    });
    expect(
      sesterce({
        TALLY_COMPUTE: 'sesterce',
        SESTERCE_API_KEY: KEY,
        SESTERCE_API_URL: 'http://127.0.0.1:8080/',
        TALLY_PRICE_MARKUP_PERCENT: '12.5',
      }),
    ).toEqual({ apiKey: KEY, apiUrl: 'http://127.0.0.1:8080', markupPercent: 12.5 });
  });

  it('refuse to start, in one line, without a key or with a key the simulator would ignore', () => {
    expect(() => sesterce({ TALLY_COMPUTE: 'sesterce' })).toThrow(
      /^Tally cannot start: SESTERCE_API_KEY: missing; TALLY_COMPUTE=sesterce needs/,
    );
    expect(() => sesterce({ SESTERCE_API_KEY: KEY })).toThrow(/TALLY_COMPUTE: simulated, but SESTERCE_API_KEY is set/);
    // Sesterce prices in USD and Tally converts nothing.
    expect(() => sesterce({ TALLY_COMPUTE: 'sesterce', SESTERCE_API_KEY: KEY, TALLY_CURRENCY: 'EUR' })).toThrow(
      /TALLY_CURRENCY: EUR, but Sesterce prices machines in USD/,
    );
  });

  it('name each wrong value without echoing the key', () => {
    const wrong = (env: Record<string, string>) => {
      try {
        sesterce({ TALLY_COMPUTE: 'sesterce', SESTERCE_API_KEY: KEY, ...env });
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(wrong({ TALLY_COMPUTE: 'aws' })).toMatch(/TALLY_COMPUTE: must be simulated or sesterce/);
    expect(wrong({ SESTERCE_API_URL: 'ftp://x.example' })).toMatch(/SESTERCE_API_URL: must be an http/);
    expect(wrong({ TALLY_PRICE_MARKUP_PERCENT: '1001' })).toMatch(/TALLY_PRICE_MARKUP_PERCENT: must be a percentage/);
    expect(wrong({ TALLY_PRICE_MARKUP_PERCENT: 'lots' })).toMatch(/TALLY_PRICE_MARKUP_PERCENT: must be a percentage/);
    const spaced = wrong({ SESTERCE_API_KEY: 'secret key with spaces' });
    expect(spaced).toMatch(/SESTERCE_API_KEY: must be the team's API key/);
    expect(spaced).not.toContain('secret key');
  });
});
