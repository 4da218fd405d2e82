import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe("node-cron's own warnings", () => {
  it('go to the logger the scheduler is given, never straight to the console', async () => {
    const folder = mkdtempSync(join(resolve('.tally-test'), 'cron-'));
    try {
      const logFile = join(folder, 'log.jsonl');
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', 'test/support/overlapping-job.ts', logFile],
        { timeout: 30_000 },
      );
      expect(stdout).toBe('');
      expect(stderr).toBe('');
      const lines = existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line))
        : [];
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'debug', job: 'slow', message: expect.stringContaining('still running') }),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
