import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../bin/settings.ts';

const metrics = (env: Record<string, string>) => loadSettings(env).metrics;

describe('TALLY_METRICS_TOKEN', () => {
  it('is unset by default (GET /metrics answers anyone) and when blank', () => {
    expect(metrics({})).toEqual({ token: undefined });
    expect(metrics({ TALLY_METRICS_TOKEN: '  ' })).toEqual({ token: undefined });
  });

  it('is read as given', () => {
    expect(metrics({ TALLY_METRICS_TOKEN: 'metrics-token-FAKE-0123456789' })).toEqual({
      token: 'metrics-token-FAKE-0123456789',
    });
  });

  it('refuses a short token or one with spaces, naming the setting without echoing the value', () => {
    for (const token of ['short-FAKE', 'metrics token FAKE 0123456789']) {
      let message = '';
      try {
        metrics({ TALLY_METRICS_TOKEN: token });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Tally cannot start: TALLY_METRICS_TOKEN: must be at least 16 characters/);
      expect(message).not.toContain(token);
    }
  });
});
