import type { ParserOptions, Results } from '@electric-sql/pglite';

/**
 * A caller's parsers are functions, which cannot cross to the worker. The worker leaves the
 * types they cover as PGlite's raw text (rawTextParsers) and the main thread runs them
 * (applyParsers), with the same arguments and on the same values PGlite would have.
 */
export function parsedTypes(parsers: ParserOptions): number[] {
  return Object.keys(parsers).map(Number);
}

/** Worker side: the given types come back as the text PostgreSQL sent. */
export function rawTextParsers(types: number[]): ParserOptions {
  return Object.fromEntries(types.map((type) => [type, (text: string) => text]));
}

// PGlite calls a parser with the text and the type's oid, though its type names only the text.
type TypeParser = (text: string, type: number) => unknown;

/** Main side: runs the caller's parsers on the columns of their types, in place. */
export function applyParsers<T>(
  result: Results<T>,
  parsers: ParserOptions,
  rowMode: 'array' | 'object' | undefined,
): Results<T> {
  // In object mode a later column of the same name overwrites an earlier one, as in PGlite.
  const columns = new Map<string | number, { parse: TypeParser; type: number }>();
  result.fields.forEach((field, index) => {
    const parse = parsers[field.dataTypeID];
    const key = rowMode === 'array' ? index : field.name;
    if (parse) columns.set(key, { parse: parse as TypeParser, type: field.dataTypeID });
    else columns.delete(key);
  });
  if (columns.size === 0) return result;
  for (const row of result.rows as Record<string | number, unknown>[]) {
    for (const [key, { parse, type }] of columns) {
      const text = row[key];
      if (text !== null) row[key] = parse(text as string, type);
    }
  }
  return result;
}
