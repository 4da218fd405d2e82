import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { type FakeSlack, SIGNING_SECRET } from './fake-slack.ts';
import { freePort } from './free-port.ts';
import type { Exit } from './terminal-bot.ts';
import { copyPgliteTemplate } from './test-database.ts';
import { waitFor } from './wait-for.ts';

/** A bot (or npm) started by a test: its output so far, stdout and stderr together, and how it ended. */
export interface SpawnedBot {
  child: ChildProcess;
  exit: Promise<Exit>;
  output(): string;
}

/** What points the bot's Slack HTTP mode at the fake, listening on `port`. */
export function slackHttpEnv(slack: FakeSlack, port: number): Record<string, string> {
  return {
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-fake-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
}

/** Spawns `command` with `env` over this process's own; stdin is a pipe only when the test types into it. */
export function spawnBot(
  command: string,
  args: string[],
  env: Record<string, string>,
  stdin: 'ignore' | 'pipe' = 'ignore',
): SpawnedBot {
  let output = '';
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: [stdin, 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, exit, output: () => output };
}

/** Waits until the bot on `port` answers GET /healthz with 200; `output` is shown if it never does. */
export async function waitForHealthz(port: number, output: () => string): Promise<void> {
  await waitFor(
    () =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      ),
    `/healthz (output: ${output()})`,
    60_000,
  );
}

/**
 * Exactly what `npm start` runs (compiled when stale into dist/, then plain node), with Slack in HTTP
 * mode against `slack` and `env` besides, on a copy of the PGlite template; resolved once it runs.
 */
export async function startSlackBot(slack: FakeSlack, env: Record<string, string> = {}) {
  const port = await freePort();
  const folder = copyPgliteTemplate();
  const bot = spawnBot(process.execPath, ['scripts/start.mjs', 'bin/tally.ts'], {
    TALLY_DATA_DIR: folder,
    ...slackHttpEnv(slack, port),
    LOG_LEVEL: 'info',
    ...env,
  });
  const stop = async () => {
    bot.child.kill('SIGKILL');
    await bot.exit;
    rmSync(folder, { recursive: true, force: true });
  };
  await slack
    .waitFor(() => bot.output().includes('"tally running"'), 'start-up', 30_000)
    .catch(async (error) => {
      await stop();
      throw error;
    });
  return { bot, port, stop };
}
