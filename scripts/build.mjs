// Compiles bin/, src/ and adapters/ (the Prisma client in src/generated too) into dist/ as plain
// JavaScript, so the bot runs on node without a TypeScript compiler. `npm start` calls ensureBuilt(),
// which compiles only when a source is newer than the last build; `npm run build` compiles now.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const BUILDING = join(ROOT, '.dist-building');
const LOCK = join(ROOT, '.dist-lock');
const OLD = join(ROOT, '.dist-old');
const SOURCES = ['bin', 'src', 'adapters', 'tsconfig.json', 'tsconfig.build.json'];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The newest change under the sources; folders count too, so a deleted or renamed file is a change. */
function newestSource() {
  let newest = 0;
  for (const source of SOURCES) {
    const path = join(ROOT, source);
    if (!existsSync(path)) continue;
    const paths = statSync(path).isDirectory()
      ? [path, ...readdirSync(path, { recursive: true }).map((p) => join(path, p))]
      : [path];
    for (const p of paths) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const isStale = () => !existsSync(STAMP) || statSync(STAMP).mtimeMs < newestSource();

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function lockHolder() {
  try {
    return Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    return 0;
  }
}

function lockAgeMs() {
  try {
    return Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return 0;
  }
}

/** One build at a time (tests start several bots at once): the lock is a folder holding the builder's pid. */
async function withLock(run) {
  for (const started = Date.now(); ; await sleep(100)) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const pid = lockHolder();
      // A builder that died leaves its lock (one that died before writing its pid, an old lock without one).
      if (pid ? !alive(pid) : lockAgeMs() > 10_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() - started > 180_000) throw new Error(`another build holds ${LOCK} (pid ${pid || 'unknown'})`);
    }
  }
  try {
    writeFileSync(join(LOCK, 'pid'), String(process.pid));
    return await run();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** tsc without type checking (`npm run typecheck` does that): it only strips types and rewrites `.ts` imports. */
export function compile() {
  const started = Date.now();
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  rmSync(BUILDING, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', BUILDING], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(BUILDING, { recursive: true, force: true });
    throw new Error(`compiling Tally failed:\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`);
  }
  // Dated to when compiling began, so a source saved meanwhile makes the next start compile again.
  writeFileSync(join(BUILDING, '.built'), '');
  utimesSync(join(BUILDING, '.built'), started / 1000, started / 1000);
  // Swapped in whole: a bot starting meanwhile never imports a half-written build.
  rmSync(OLD, { recursive: true, force: true });
  if (existsSync(DIST)) renameSync(DIST, OLD);
  renameSync(BUILDING, DIST);
  rmSync(OLD, { recursive: true, force: true });
}

/** Compiles when dist/ is missing or older than a source; says so on stderr, as it takes a few seconds. */
export async function ensureBuilt() {
  if (!isStale()) return;
  await withLock(async () => {
    if (!isStale()) return; // another process built it while this one waited
    process.stderr.write('Compiling Tally into dist/ (sources changed since the last build)…\n');
    compile();
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await withLock(async () => compile());
