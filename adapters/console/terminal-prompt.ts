import type { Interface } from 'node:readline/promises';

/** What asking got: a typed line, a question Ctrl-C cancelled, or the end of input (quit). */
export type Answer = { kind: 'line'; line: string } | { kind: 'cancelled' } | { kind: 'closed' };

/**
 * Questions at a terminal, with Ctrl-C meaning what it means in a shell: it cancels a command's
 * question (`cancellable`), clears a half-typed line, and on an empty line quits, as Ctrl-D does.
 * Quitting while a command runs leaves it to finish: the caller asks nothing more afterwards.
 */
export class TerminalPrompt {
  private closed = false;
  private asking: { stop: AbortController; cancellable: boolean } | undefined;

  constructor(
    private readonly rl: Interface,
    private readonly output: NodeJS.WritableStream,
  ) {
    // With a listener, readline no longer closes itself on Ctrl-C: the rules above decide.
    rl.on('SIGINT', () => this.interrupt());
    // Node 20 leaves a question unsettled when the interface is closed (a stop signal): settle it.
    // Cancelling it also moves the cursor to a fresh line, so the shell's prompt starts there.
    rl.once('close', () => {
      this.closed = true;
      this.asking?.stop.abort();
    });
  }

  async ask(query: string, options: { cancellable?: boolean } = {}): Promise<Answer> {
    if (this.closed) return { kind: 'closed' };
    const stop = new AbortController();
    this.asking = { stop, cancellable: options.cancellable ?? false };
    try {
      return { kind: 'line', line: await this.rl.question(query, { signal: stop.signal }) };
    } catch {
      // Anything but our own cancel (a closed interface refuses to ask) ends the input.
      return stop.signal.aborted && !this.closed ? { kind: 'cancelled' } : { kind: 'closed' };
    } finally {
      this.asking = undefined;
    }
  }

  private interrupt() {
    const asking = this.asking;
    if (asking) this.showCtrlC();
    if (asking && (asking.cancellable || this.rl.line)) {
      asking.stop.abort();
    } else if (!this.rl.line) {
      this.rl.close();
      return;
    }
    // Still there: typed ahead while a command runs. Erased with readline's own keys, Ctrl-E then Ctrl-U.
    if (this.rl.line) {
      this.rl.write(null, { ctrl: true, name: 'e' });
      this.rl.write(null, { ctrl: true, name: 'u' });
    }
  }

  /** `^C` after what was typed, as terminals show it, so a dropped line does not look sent. */
  private showCtrlC() {
    this.rl.write(null, { ctrl: true, name: 'e' });
    this.output.write('^C');
  }
}
