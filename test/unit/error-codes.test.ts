import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InsufficientCredits } from '../../src/credits/ledger.ts';
import { ERROR_CODES, type ErrorCode, httpStatusOf, isErrorCode } from '../../src/error-codes.ts';
import { isTallyError, TallyError } from '../../src/errors.ts';
import { parseAmount } from '../../src/money.ts';

const STATUSES = [400, 401, 402, 403, 404, 405, 409, 410, 413, 415, 422, 429, 503];

function codeOf(run: () => unknown): ErrorCode {
  try {
    run();
  } catch (error) {
    if (isTallyError(error)) return error.code;
  }
  throw new Error('expected a TallyError');
}

describe('error codes', () => {
  it('gives every code an HTTP error status', () => {
    const codes = Object.keys(ERROR_CODES) as ErrorCode[];
    expect(codes.length).toBeGreaterThan(50);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(STATUSES).toContain(httpStatusOf(code));
    }
  });

  it('lists only codes the code base throws', () => {
    // The core's codes, and the REST API's own refusals of a request's form.
    const sources = ['../../src', '../../adapters/rest-api']
      .flatMap((folder) => {
        const root = join(import.meta.dirname, folder);
        return readdirSync(root, { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.ts') && !file.startsWith('generated') && file !== 'error-codes.ts')
          .map((file) => readFileSync(join(root, file), 'utf8'));
      })
      .join('\n');
    const unused = Object.keys(ERROR_CODES).filter((code) => !sources.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it.each([
    ['invalid_amount', 400],
    ['insufficient_credits', 402],
    ['not_owner', 403],
    ['team_not_found', 404],
    ['team_name_taken', 409],
    ['invite_expired', 410],
    ['ssh_key_weak', 422],
    ['database_unavailable', 503],
  ] as const)('maps %s to %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('maps what the core throws', () => {
    expect(httpStatusOf(codeOf(() => parseAmount('abc')))).toBe(400);
    expect(httpStatusOf(new InsufficientCredits(500, 100).code)).toBe(402);
  });

  it('tells codes from other strings', () => {
    expect(isErrorCode('team_not_found')).toBe(true);
    expect(isErrorCode('team_not_fonud')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('refuses a code that is not in the list at compile time', () => {
    expectTypeOf<'team_not_found'>().toExtend<ErrorCode>();
    // @ts-expect-error a misspelt code does not compile
    new TallyError('team_not_fonud', 'No such team.');
    expectTypeOf<TallyError['code']>().toEqualTypeOf<ErrorCode>();
  });
});
