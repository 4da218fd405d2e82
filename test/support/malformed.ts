import type { SeededRandom } from './seeded-random.ts';

// Building blocks for bodies that are well signed but wrong. A field is broken only with values
// its platform never sends there: the wrong type, a size far past the platform's limit, or (for
// a field always present) nothing. Text a person could have typed is never "wrong".

const deepArray = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
};

const deepObject = (depth: number): unknown => {
  let value: unknown = {};
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

export const HUGE = 'x'.repeat(100_000);
export const REMOVE = Symbol('remove');

/** For any field that holds text or an id: none of these is text. */
export const NOT_TEXT: readonly unknown[] = [
  null,
  0,
  -1,
  1e308,
  3.5,
  true,
  false,
  [],
  [1, 'two', null],
  {},
  { nested: { junk: [{}, [[]], null] } },
  deepArray(2000),
  deepObject(2000),
  HUGE,
];
/** For a field that holds an object or a list. */
export const NOT_OBJECT: readonly unknown[] = [null, 0, 1e308, true, '', 'text', HUGE, deepArray(2000)];
/** For ids, which have a format: text that does not fit it, as well as what is not text. */
export const NOT_ID: readonly unknown[] = [...NOT_TEXT, '', ' ', '\u0000\uffff', '💥'.repeat(50), '../../etc/passwd'];

export type Path = readonly (string | number)[];

/** A field of a template and what may break it; `always` fields may also be removed. */
export interface Breakable {
  path: Path;
  junk: readonly unknown[];
  always?: boolean;
}

/** `document` with the value at `path` replaced (or removed); only the objects on the path are copied. */
export function mutateAt(document: unknown, path: Path, value: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const [key, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(document) ? [...document] : { ...document }) as Record<string | number, unknown>;
  if (rest.length > 0) copy[key] = mutateAt(copy[key], rest, value);
  else if (value === REMOVE) delete copy[key];
  else copy[key] = value;
  return copy;
}

function describe(value: unknown): string {
  if (value === REMOVE) return '(removed)';
  if (typeof value === 'string')
    return JSON.stringify(value.slice(0, 12)) + (value.length > 12 ? `…(${value.length})` : '');
  return JSON.stringify(value)?.slice(0, 24) ?? String(value);
}

/** One to three fields of `document` broken; the label says which and how. */
export function breakFields(
  random: SeededRandom,
  document: unknown,
  fields: readonly Breakable[],
): { body: unknown; label: string } {
  let body = document;
  const labels: string[] = [];
  for (let n = 1 + random.int(3); n > 0; n -= 1) {
    const field = random.pick(fields);
    const value = field.always && random.chance(0.25) ? REMOVE : random.pick(field.junk);
    body = mutateAt(body, field.path, value);
    labels.push(`${field.path.join('.')}=${describe(value)}`);
  }
  return { body, label: labels.join(', ') };
}

/** Whole bodies that are not a document of the expected kind at all. */
export const JUNK_BODIES: readonly (readonly [string, string])[] = [
  ['empty', ''],
  ['not JSON', '{"type": 2, oops'],
  ['JSON null', 'null'],
  ['a JSON number', '7'],
  ['a JSON string', '"hello"'],
  ['a JSON array', '[{"type":2}]'],
  ['deeply nested arrays', '['.repeat(50_000) + ']'.repeat(50_000)],
  ['deeply nested objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
  ['prototype keys', '{"__proto__":{"type":2},"constructor":{"prototype":{"type":3}}}'],
  ['control bytes', String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))],
  ['a form', 'a=1&b=2&a=3'],
  ['broken percent-encoding', '%%%not-a-form&payload=%E0%A4%A'],
  ['payload=null', 'payload=null'],
  ['payload=not JSON', 'payload=%7Bnot-json'],
  ['payload=a number', 'payload=42'],
  ['payload=a string', 'payload=%22hi%22'],
  ['payload=an array', `payload=${encodeURIComponent('[{"type":"block_actions"}]')}`],
  ['payload twice', 'payload=%7B%7D&payload=%7B%7D'],
  ['ssl_check with a smuggled payload', `ssl_check=1&payload=${encodeURIComponent('{"type":"block_actions"}')}`],
  ['a huge string', JSON.stringify({ type: HUGE.repeat(5) })],
];
