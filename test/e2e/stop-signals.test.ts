import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { freePort } from '../support/free-port.ts';
import { descendantsOf, isRunning } from '../support/process-tree.ts';
import { slackHttpEnv, spawnBot, waitForHealthz } from '../support/spawn-bot.ts';
import { copyPgliteTemplate } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

/** The embedded database was closed: no lock left behind, and another process can open the folder. */
async function expectReleased(folder: string) {
  expect(existsSync(join(folder, 'tally.lock'))).toBe(false);
  const again = await openDatabase({ kind: 'pglite', folder }, { log: silentLogger });
  await again.close();
}

describe('stopping the bot with a signal', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('SIGTERM to the npm process alone (docker stop on `npm start`) stops the whole tree cleanly, exit code 0', async () => {
    const slack = await new FakeSlack().start();
    cleanups.push(() => slack.stop());
    const folder = copyPgliteTemplate();
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const port = await freePort();
    const npm = spawnBot('npm', ['start'], {
      npm_config_update_notifier: 'false',
      TALLY_DATA_DIR: folder,
      ...slackHttpEnv(slack, port),
      LOG_LEVEL: 'warn',
    });
    let tree: number[] = [];
    // A failed stop leaves the bot orphaned, no longer under npm: kill what was seen under it.
    cleanups.push(() => {
      for (const pid of [npm.child.pid!, ...tree, ...descendantsOf(npm.child.pid!)])
        if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    });
    await waitForHealthz(port, npm.output);
    tree = descendantsOf(npm.child.pid!);
    expect(tree.length).toBeGreaterThan(0);

    npm.child.kill('SIGTERM');
    expect(await npm.exit, npm.output()).toEqual({ code: 0, signal: null });
    await waitFor(() => tree.every((pid) => !isRunning(pid)), `the end of ${tree.join(', ')}`, 10_000);
    await expectReleased(folder);
  }, 90_000);

  it('SIGINT stops the console (script mode) cleanly, exit code 0', async () => {
    const folder = copyPgliteTemplate();
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const bot = spawnBot(
      process.execPath,
      ['--import', 'tsx', 'bin/tally.ts'],
      { TALLY_DATA_DIR: folder, TALLY_DOWNLOADS_DIR: join(folder, 'downloads') },
      'pipe',
    );
    cleanups.push(() => void bot.child.kill('SIGKILL'));
    bot.child.stdin!.write('alice: /team create Acme\n'); // stdin stays open: the script waits for more
    await waitFor(
      () => bot.output().includes('/team create Acme'),
      `the console reading the line (output: ${bot.output()})`,
      60_000,
    );

    bot.child.kill('SIGINT');
    expect(await bot.exit, bot.output()).toEqual({ code: 0, signal: null });
    expect(bot.output()).toContain('Created Acme'); // the command under way when the signal came was finished
    await expectReleased(folder);
  }, 90_000);
});
