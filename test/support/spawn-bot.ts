import { type ChildProcess, spawn } from 'node:child_process';
import { type FakeSlack, SIGNING_SECRET } from './fake-slack.ts';
import type { Exit } from './terminal-bot.ts';
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
