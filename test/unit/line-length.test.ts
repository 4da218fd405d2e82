import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsFiles } from '../support/ts-files.ts';

// Biome formats code to 120 columns but cannot wrap a long string, template or comment: this
// catches those. Lengths are in characters as a person counts them (code points), like the editor.

const MAX_LINE = 120;
const FOLDERS = ['src', 'adapters', 'bin'];
/** Prisma's generated client is not ours. */
const GENERATED = ['src/generated'];

const root = relative(process.cwd(), join(import.meta.dirname, '../..')) || '.';

/** `file:line (length)` for every line longer than MAX_LINE, files in `skipped` left out. */
function longLines(files: Map<string, string>, skipped: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const [path, text] of files) {
    if (skipped.includes(path)) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      const length = [...line].length;
      if (length > MAX_LINE) found.push(`${path}:${i + 1} (${length})`);
    });
  }
  return found;
}

describe('line length', () => {
  it(`is at most ${MAX_LINE} characters in src, adapters and bin`, () => {
    const files = tsFiles(root, FOLDERS, GENERATED);
    expect(files.has('src/app.ts') && files.has('bin/tally.ts')).toBe(true); // it read the tree
    expect([...files.keys()].some((path) => path.startsWith('src/generated/'))).toBe(false);
    expect(longLines(files).join('\n')).toBe('');
  });

  it('names each file, line and length over the limit, counting characters, not UTF-16 units', () => {
    const files = new Map([
      ['src/a.ts', `ok\n${'x'.repeat(121)}\n${'y'.repeat(120)}`],
      ['src/b.ts', `${'📎'.repeat(120)}\r\n${'z'.repeat(130)}`],
      ['src/skipped.ts', 'w'.repeat(200)],
    ]);
    expect(longLines(files, ['src/skipped.ts'])).toEqual(['src/a.ts:2 (121)', 'src/b.ts:2 (130)']);
  });
});
