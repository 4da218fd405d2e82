import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found upwards: the same whether this runs from src/ or compiled in dist/src/. */
function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
  return folder;
}

const ROOT = projectRoot();

/** A file shipped with Tally (migrations, the default catalog), by its path from the project's root. */
export const projectFile = (...parts: string[]) => join(ROOT, ...parts);
