import { dirname, join, normalize, relative } from 'node:path';
import { tsFiles } from './ts-files.ts';

// Tally's layering, checked on the import graph: the core (src/) knows no adapter, no platform SDK
// and no HTTP framework; adapters know the core and shared code but not each other; only the
// scheduler knows node-cron. A regex reads the imports: the installed TypeScript is the native
// compiler, without the JavaScript API to parse with.

const FOLDERS = ['bin', 'src', 'adapters', 'scripts', 'test', 'bench'];
/** Prisma's generated client is not ours; the boundary test's own samples are strings, not imports. */
const SKIPPED = ['src/generated', 'test/unit/import-boundaries.test.ts'];
const PLATFORM_PACKAGES =
  /^(@slack\/|discord\.js$|@discordjs\/|discord-api-types(\/|$)|hono(\/|$)|@hono\/|stripe(\/|$))/;
/** Folders every adapter may use. */
const COMMON_ADAPTER_FOLDERS = ['shared', 'http'];
const SCHEDULER = 'src/jobs/scheduler.ts';

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

/** Every `.ts` file under the project's source folders, as paths relative to `root`, with its text. */
export function sourceFiles(root: string): Map<string, string> {
  return tsFiles(root, FOLDERS, SKIPPED);
}

/** What a file imports: static imports, `export … from` and dynamic `import()` with a literal. */
export function importsOf(source: string): string[] {
  // Comments out first, so a comment mentioning an import is not one; `//` inside a string such
  // as a URL is kept, as only whole-line comments are dropped.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** A relative import as a project path (`adapters/slack/x.ts`); a package name as it is. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? normalize(join(dirname(file), specifier)).replaceAll('\\', '/') : specifier;
}

const adapterOf = (path: string) => /^adapters\/([^/]+)\//.exec(path)?.[1];

/** Each import that breaks a rule, naming the file, the import and the rule. */
export function boundaryViolations(files: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of files) {
    for (const specifier of importsOf(source)) {
      const to = target(file, specifier);
      const broken = (rule: string) => violations.push({ file, imports: specifier, rule });
      if (file.startsWith('src/')) {
        if (to.startsWith('adapters/') || to.startsWith('bin/')) broken('the core does not import adapters or bin');
        if (PLATFORM_PACKAGES.test(to)) broken('the core does not import a platform SDK or HTTP framework');
      }
      if ((to === 'node-cron' || to.startsWith('node-cron/')) && file !== SCHEDULER)
        broken(`only ${SCHEDULER} imports node-cron`);
      const from = adapterOf(file);
      const into = adapterOf(to.endsWith('/') ? to : `${to}/`);
      if (from && into && from !== into && !COMMON_ADAPTER_FOLDERS.includes(into))
        broken(`adapters/${from} does not import another adapter (adapters/${into})`);
    }
  }
  return violations;
}

/** One line per violation, for a failure message. */
export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.file} imports '${v.imports}': ${v.rule}`).join('\n');
}

export const projectRoot = relative(process.cwd(), join(import.meta.dirname, '../..')) || '.';
