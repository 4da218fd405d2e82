import type { ErrorCode } from './error-codes.ts';
import { sourceText, type Text } from './rich-text.ts';

export type { ErrorCode } from './error-codes.ts';

/**
 * Expected failures: a stable code for programs and tests, and a message the user can act on.
 * Anything that is not a TallyError is unexpected: dispatch logs it with a reference id.
 */
export class TallyError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** What the person is told: a plain string, or md`…` when it names something they typed. */
    readonly text: Text,
    /** Extra structured facts (e.g. the checkout-failure figures) a reply can render. */
    readonly facts: Record<string, unknown> = {},
  ) {
    super(sourceText(text));
    this.name = 'TallyError';
  }
}

export function isTallyError(error: unknown): error is TallyError {
  return error instanceof TallyError;
}
