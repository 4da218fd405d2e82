import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { descendantsOf, isRunning } from './process-tree.ts';

/**
 * util-linux `script` gives the bot a pseudo-terminal, so stdin is a TTY as for a person at a
 * keyboard. BSD/macOS `script` takes other flags: there the terminal tests are skipped.
 */
export const hasPseudoTerminal = /util-linux/.test(
  spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '',
);

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TerminalBot {
  /** The bot's own process (script's child), for signals. */
  botPid(): number | undefined;
  /** Keys as a terminal sends them: `\r` for Enter, `\x03` for Ctrl-C, `\x04` for Ctrl-D. */
  type(keys: string): void;
  /** What the terminal shows so far, escape codes dropped and line ends as `\n`. */
  screen(): string;
  /** Waits until what the terminal shows satisfies `check`. */
  waitForScreen(check: (screen: string) => boolean, what: string): Promise<string>;
  /** How the bot ended (`script -e` passes its exit code on), or an error if it runs on past `withinMs`. */
  exit(withinMs?: number): Promise<Exit>;
  /** SIGKILLs the bot and the terminal, if a test left them running. */
  kill(): void;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape codes are what it strips
const ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The terminal's output as text: readline repaints with escape codes and the pty ends lines with \r\n. */
function asScreen(raw: string): string {
  return raw.replace(ESCAPE, '').replace(/\r+\n/g, '\n').replace(/\r/g, '');
}

/** Starts `bin/tally.ts` (the console: no Slack or Discord settings) in a pseudo-terminal, as `person`. */
export function startInTerminal(options: { folder: string; person: string }): TerminalBot {
  // `exec`, so the bot is script's own child and a signal sent to `botPid()` reaches it, not a shell.
  const child = spawn('script', ['-qfec', 'exec node --import tsx bin/tally.ts', '/dev/null'], {
    env: {
      ...process.env,
      TALLY_DATA_DIR: options.folder,
      TALLY_DOWNLOADS_DIR: join(options.folder, 'downloads'),
      TALLY_CONSOLE_USER: options.person,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout!.on('data', (chunk) => (raw += chunk));
  child.stderr!.on('data', (chunk) => (raw += chunk));
  let ended: Exit | undefined;
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      done(ended);
    }),
  );
  const screen = () => asScreen(raw);
  const shown = () => `(screen: ${JSON.stringify(screen())}${ended ? `, exited: ${JSON.stringify(ended)}` : ''})`;
  return {
    botPid: () => descendantsOf(child.pid!)[0],
    type: (keys) => void child.stdin!.write(keys),
    screen,
    async waitForScreen(check, what) {
      const deadline = Date.now() + 30_000;
      while (!check(screen())) {
        // Once the bot is gone, what it showed will not change any more.
        if (ended || Date.now() > deadline)
          throw new Error(`${ended ? 'the bot exited before showing' : 'timed out waiting for'} ${what} ${shown()}`);
        await new Promise((done) => setTimeout(done, 20));
      }
      return screen();
    },
    async exit(withinMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`still running ${withinMs} ms after it should have ended ${shown()}`)),
          withinMs,
        );
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    kill: () => {
      for (const pid of [...descendantsOf(child.pid!), child.pid!]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}
