import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { freePort } from '../support/free-port.ts';
import { slackHttpEnv, waitForHealthz } from '../support/spawn-bot.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

const scratch = mkdtempSync(join(resolve('.tally-test'), 'loaded-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The package names under node_modules among the module URLs recorded so far in `record`. */
function packagesIn(record: string): Set<string> {
  const urls = readFileSync(record, 'utf8').split('\n');
  return new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? []));
}

/** Exactly what `npm start` runs, given `input` on stdin, recording every module it resolves. */
async function packagesLoaded(name: string, env: Record<string, string>, input: string | null = '') {
  const record = join(scratch, `${name}.txt`);
  const folder = copyPgliteTemplate();
  const { DATABASE_URL: _, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', './test/support/record-resolves.mjs', 'scripts/start.mjs', 'bin/tally.ts'],
    {
      env: { ...inherited, TALLY_RECORD_RESOLVES: record, TALLY_DATA_DIR: folder, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // null: stdin stays open for `type`, and `end` closes it.
  if (input !== null) child.stdin.end(input);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  return {
    output: () => output,
    exited,
    stop: () => child.kill('SIGTERM'),
    /** Types `line` and waits until the output (from then on) shows `expected`. */
    async type(line: string, expected: string) {
      const from = output.length;
      child.stdin.write(`${line}\n`);
      await waitFor(
        () => output.slice(from).includes(expected) || child.exitCode !== null,
        `"${expected}" after ${line} (output: ${output})`,
        60_000,
      );
      expect(output.slice(from), output).toContain(expected);
    },
    end: () => void child.stdin.end(),
    /** Package names under node_modules that the process resolved so far (while it runs). */
    packagesSoFar: () => packagesIn(record),
    /** Package names under node_modules that the process resolved, once it has exited with 0. */
    packages: async () => {
      expect(await exited, output).toBe(0);
      rmSync(folder, { recursive: true, force: true });
      return packagesIn(record);
    },
  };
}

describe('a deployment loads only the packages it uses', () => {
  // One console start for both: what it loaded before a PDF was asked for, then what the invoice added.
  it('the console loads neither Bolt, discord.js, the HTTP server nor pdfkit until a PDF is asked for; then pdfkit for an invoice', async () => {
    const downloads = join(scratch, 'downloads');
    const run = await packagesLoaded('console', { TALLY_DOWNLOADS_DIR: downloads }, null);
    await run.type('alice: /team create Acme', 'Created Acme');
    const before = run.packagesSoFar();
    expect(before).toContain('@prisma/client'); // it did record the run's packages
    expect(before).not.toContain('pdfkit');

    // The first invoice of the year, on the real clock.
    await run.type('alice: /credits add 5', 'Added');
    await run.type(`alice: /credits invoice ${new Date().getUTCFullYear()}-1`, '.pdf');
    run.end();
    const packages = await run.packages();
    expect(packages).toContain('pdfkit');
    for (const sdk of ['@slack/bolt', 'discord.js', 'hono', '@hono/node-server', 'stripe'])
      expect(packages).not.toContain(sdk);
    // On the embedded database, PostgreSQL's driver stays unloaded.
    for (const driver of ['pg', '@prisma/adapter-pg']) expect(packages).not.toContain(driver);
    // Compiled once, run as JavaScript: no compiler in the bot's process.
    for (const compiler of ['tsx', 'typescript', 'esbuild']) expect(packages).not.toContain(compiler);
  }, 90_000);

  it('Slack alone does not load discord.js', async () => {
    const slack = await new FakeSlack().start();
    try {
      const port = await freePort();
      const run = await packagesLoaded('slack', slackHttpEnv(slack, port));
      await waitForHealthz(port, run.output);
      run.stop();
      const packages = await run.packages();
      expect(packages).toContain('@slack/bolt');
      for (const sdk of ['discord.js', '@discordjs/ws', 'pdfkit']) expect(packages).not.toContain(sdk);
    } finally {
      await slack.stop();
    }
  }, 90_000);
});
