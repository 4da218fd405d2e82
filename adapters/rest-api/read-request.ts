import type { z } from 'zod';
import { TallyError } from '../../src/errors.ts';
import { readBody } from '../http/read-body.ts';

/** The largest JSON body the API reads. */
export const BODY_LIMIT = 64 * 1024;

/** Parsed by `schema`, or a 422 naming the first field refused (`where` names the part for whole-part issues). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [...issue.path, ...(unknownKey === undefined ? [] : [unknownKey])];
  const field = path.length ? path.join('.') : where;
  const message = unknownKey === undefined ? issue.message : `unknown field: ${where} takes no "${unknownKey}"`;
  throw new TallyError('validation_failed', `${field}: ${message}`, { field });
}

/** The JSON body of a request, refused with the status that says what is wrong with it (415, 413, 400). */
export async function readJson(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new TallyError(
      'unsupported_media_type',
      `Send the body as JSON with Content-Type: application/json${type ? ` (not ${type})` : ''}.`,
    );
  const tooLarge = () =>
    new TallyError('body_too_large', `The body can be at most ${BODY_LIMIT / 1024} KB.`, { limitBytes: BODY_LIMIT });
  if (Number(request.headers.get('content-length') ?? 0) > BODY_LIMIT) throw tooLarge();
  const bytes = await readBody(request, BODY_LIMIT);
  if (!bytes) throw tooLarge();
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const why = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new TallyError('invalid_json', `The body is not valid JSON${why}.`);
  }
}

/** JSON with object keys sorted: two bodies meaning the same request get one fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header: required, optional or not read, as the route says. */
export function idempotencyKeyOf(request: Request, wanted: 'required' | 'optional' | undefined): string | undefined {
  if (!wanted) return undefined;
  const key = request.headers.get('idempotency-key')?.trim();
  if (!key) {
    if (wanted === 'optional') return undefined;
    throw new TallyError(
      'idempotency_key_required',
      'Send an Idempotency-Key header (a unique value per launch, like a UUID): a retry with the same key ' +
        'and body gets the first answer again instead of launching twice.',
    );
  }
  if (!IDEMPOTENCY_KEY.test(key))
    throw new TallyError('validation_failed', 'Idempotency-Key: 1 to 255 visible ASCII characters, like a UUID', {
      field: 'Idempotency-Key',
    });
  return key;
}
