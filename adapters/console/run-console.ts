import { createInterface } from 'node:readline/promises';
import type { ConsoleSession } from './console-session.ts';
import { TerminalPrompt } from './terminal-prompt.ts';

/**
 * Interactive when stdin is a terminal (a prompt, buttons confirmed by asking); otherwise a
 * script: one line per action, echoed, so a session can be replayed and compared.
 * Aborting `stop` reads no further line; the one being handled is finished and answered first.
 * At the prompt, Ctrl-C and Ctrl-D work as in a shell (see TerminalPrompt).
 */
export async function runConsole(
  session: ConsoleSession,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean; stop?: AbortSignal },
) {
  // Each question brings its prompt; readline's default '> ' would show when it repaints a line typed ahead.
  const rl = createInterface({ input: io.input, output: io.output, terminal: io.interactive, prompt: '' });
  io.stop?.addEventListener('abort', () => rl.close(), { once: true });
  const write = (text: string) => {
    if (text) io.output.write(`${text}\n`);
  };
  // An alert arriving while the prompt waits: clear the prompt line, print it, show the prompt again.
  session.onBackgroundMessage = io.interactive
    ? (text) => io.output.write(`\r\x1b[K${text}\n${session.currentUser}> `)
    : write;
  if (io.interactive) {
    write('Tally console. Type help for help, quit to leave.');
    const prompt = new TerminalPrompt(rl, io.output);
    // Cancelled by Ctrl-C, or stopped while asking: the answer is no.
    session.confirm = async (question) => {
      const answer = await prompt.ask(`${question} (y/N) `, { cancellable: true });
      return answer.kind === 'line' && /^y(es)?$/i.test(answer.line.trim());
    };
    for (;;) {
      const answer = await prompt.ask(`${session.currentUser}> `);
      if (answer.kind === 'closed') break; // Ctrl-D, Ctrl-C on an empty line, or `stop`
      if (answer.kind === 'cancelled') continue; // Ctrl-C cleared the line
      const { output, quit } = await session.handle(answer.line);
      write(output);
      if (quit) break;
    }
    // No prompt to redraw any more: an alert sent while the bot stops is printed as it is.
    session.onBackgroundMessage = write;
  } else {
    for await (const line of rl) {
      if (io.stop?.aborted) break; // lines read ahead of the stop are left alone
      if (line.trim() && !line.trim().startsWith('#'))
        write(`${line.includes(': ') ? '' : `${session.currentUser}: `}${line}`);
      const { output, quit } = await session.handle(line);
      write(output);
      if (quit) break;
    }
  }
  rl.close();
}
