import { createInterface } from 'node:readline/promises';
import type { ConsoleSession } from './console-session.ts';

/**
 * Interactive when stdin is a terminal (a prompt, buttons confirmed by asking); otherwise a
 * script: one line per action, echoed, so a session can be replayed and compared.
 * Aborting `stop` reads no further line; the one being handled is finished and answered first.
 */
export async function runConsole(
  session: ConsoleSession,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean; stop?: AbortSignal },
) {
  const rl = createInterface({ input: io.input, output: io.output, terminal: io.interactive });
  io.stop?.addEventListener('abort', () => rl.close(), { once: true });
  const write = (text: string) => {
    if (text) io.output.write(`${text}\n`);
  };
  // An alert arriving while the prompt waits: clear the prompt line, print it, show the prompt again.
  session.onBackgroundMessage = io.interactive ? (text) => io.output.write(`\r\x1b[K${text}\n${session.currentUser}> `) : write;
  if (io.interactive) {
    write('Tally console. Type help for help, quit to leave.');
    // Stopped while asking: the answer is no.
    session.confirm = async (question) => /^y(es)?$/i.test((await rl.question(`${question} (y/N) `).catch(() => '')).trim());
    for (;;) {
      let line: string;
      try {
        line = await rl.question(`${session.currentUser}> `);
      } catch {
        break; // closed (Ctrl-D)
      }
      const { output, quit } = await session.handle(line);
      write(output);
      if (quit) break;
    }
  } else {
    for await (const line of rl) {
      if (io.stop?.aborted) break; // lines read ahead of the stop are left alone
      if (line.trim() && !line.trim().startsWith('#')) write(`${line.includes(': ') ? '' : `${session.currentUser}: `}${line}`);
      const { output, quit } = await session.handle(line);
      write(output);
      if (quit) break;
    }
  }
  rl.close();
}
