import { describe, expect, it } from 'vitest';
import {
  boundaryViolations,
  describeViolations,
  importsOf,
  projectRoot,
  sourceFiles,
} from '../support/import-boundaries.ts';

describe('import boundaries', () => {
  it('hold for every .ts file of the project', () => {
    const files = sourceFiles(projectRoot);
    expect(files.has('src/app.ts') && files.has('bin/tally.ts')).toBe(true); // it read the tree
    expect(describeViolations(boundaryViolations(files))).toBe('');
  });

  it('name the file and the import that break a rule', () => {
    const files = new Map([
      ['src/teams/leak.ts', "import { App } from '@slack/bolt';\nimport { x } from '../../adapters/slack/x.ts';"],
      ['src/lazy.ts', "const d = await import('discord.js');\nexport { y } from '../bin/settings.ts';"],
      ['src/http.ts', "import { Hono } from 'hono';\nimport type { T } from 'discord-api-types/v10';"],
      ['adapters/slack/a.ts', "import { b } from '../discord/b.ts';\nimport { c } from '../http/c.ts';"],
      ['adapters/shared/s.ts', "import { d } from '../console/d.ts';"],
      ['bin/tally.ts', "import cron from 'node-cron';\nimport { e } from '../adapters/slack/e.ts';"],
      ['src/jobs/scheduler.ts', "import cron from 'node-cron';"],
      ['src/fine.ts', "// import { App } from '@slack/bolt';\nconst url = 'https://example.com/a'; import './x.ts';"],
    ]);
    expect(describeViolations(boundaryViolations(files)).split('\n')).toEqual([
      "src/teams/leak.ts imports '@slack/bolt': the core does not import a platform SDK or HTTP framework",
      "src/teams/leak.ts imports '../../adapters/slack/x.ts': the core does not import adapters or bin",
      "src/lazy.ts imports '../bin/settings.ts': the core does not import adapters or bin",
      "src/lazy.ts imports 'discord.js': the core does not import a platform SDK or HTTP framework",
      "src/http.ts imports 'hono': the core does not import a platform SDK or HTTP framework",
      "src/http.ts imports 'discord-api-types/v10': the core does not import a platform SDK or HTTP framework",
      "adapters/slack/a.ts imports '../discord/b.ts': adapters/slack does not import another adapter (adapters/discord)",
      "adapters/shared/s.ts imports '../console/d.ts': adapters/shared does not import another adapter (adapters/console)",
      "bin/tally.ts imports 'node-cron': only src/jobs/scheduler.ts imports node-cron",
    ]);
  });

  it('read static, re-exported, side-effect and dynamic imports', () => {
    const source = [
      "import a from 'a';",
      "import type { B } from './b.ts';",
      "import {\n  c,\n  d,\n} from '../c.ts';",
      "export * from './e.ts';",
      "export { f } from 'f';",
      "import 'g';",
      "const h = await import('./h.ts');",
      '/* import { z } from "z"; */',
    ].join('\n');
    expect(importsOf(source)).toEqual(['a', './b.ts', '../c.ts', './e.ts', 'f', 'g', './h.ts']);
  });
});
