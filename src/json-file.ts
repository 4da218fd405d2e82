import { readFileSync } from 'node:fs';
import type { z } from 'zod';

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/**
 * A JSON settings file checked against `schema`; one that cannot be read, is not JSON or does not
 * fit throws, saying why in one line ("… is not a valid `what` at instances.0.id: …").
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new Error(`${file} cannot be read: ${(code && READ_FAILURES[code]) ?? message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the mistake, line breaks included.
    throw new Error(`${file} is not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file} is not a valid ${what} at ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}
