import type { StoredAnswer } from '../../src/apikeys/idempotent-requests.ts';
import { httpStatusOf } from '../../src/error-codes.ts';
import type { TallyError } from '../../src/errors.ts';
import { plainText } from '../../src/rich-text.ts';

/** An answer as the API gives it and an idempotency record keeps it: a status and a JSON body. */
export type JsonAnswer = StoredAnswer;

/**
 * `{"error": {"code", "message", …facts}}`: the code and its status from src/error-codes.ts, the
 * message in plain words (chat's markup removed), the error's structured facts beside them
 * (the permission denied, a checkout's figures, the field a validation refused).
 */
export function errorAnswer(error: TallyError): JsonAnswer {
  return {
    status: httpStatusOf(error.code),
    body: { error: { code: error.code, message: plainText(error.text), ...error.facts } },
  };
}

/** Headers some refusals carry: how to authenticate, when to try again. */
export function errorHeaders(error: TallyError): Record<string, string> {
  if (error.code === 'apikey_invalid') return { 'WWW-Authenticate': 'Bearer realm="tally"' };
  if (error.code === 'rate_limited') return { 'Retry-After': String(error.facts.retryAfterSeconds) };
  return {};
}
