import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { findCommand } from '../../src/commands/index.ts';
import type { PersonRef, RawArgs } from '../../src/commands/options.ts';
import { parseCommandLine } from '../../src/commands/parse-line.ts';
import type { Deps } from '../../src/deps.ts';
import { unknownCommand } from '../../src/dispatch.ts';
import { randomBase32 } from '../../src/ids.ts';
import { handleInbound, type InboundRequest } from '../../src/inbound/handle-inbound.ts';
import { DeliveryRefused, type IdentityRef, type Notifier } from '../../src/ports/notifier.ts';
import type { Button, Reply, ReplyFile } from '../../src/reply.ts';
import { plain, renderText, showControls } from './render-text.ts';

export const CONSOLE_PLATFORM = 'console';
const WORKSPACE = 'local';
const NAME = /^[\w.-]{1,40}$/;

const HELP = `Type a command as in Slack or Discord, e.g. /team create Acme Corp description:"GPU research".
  /team help, /credits help, /launch help, /resources help   what each command does
  /as <name>               act as another local person (created on first use)
  press <n|label> [values] press a button of the last message you saw, e.g. press Top up 50
  <name>: <line>           run one line as that person (how scripts are written)
  quit                     leave (or Ctrl-D; Ctrl-C clears the line, or cancels a question)`;

export function consoleMention(token: string): PersonRef | undefined {
  const match = /^@([\w.-]{1,40})$/.exec(token);
  return match
    ? {
        kind: 'person',
        platform: CONSOLE_PLATFORM,
        workspaceId: WORKSPACE,
        platformUserId: match[1]!,
        displayName: match[1]!,
      }
    : undefined;
}

function identityOf(name: string) {
  return { platform: CONSOLE_PLATFORM, workspaceId: WORKSPACE, platformUserId: name, displayName: name };
}

/**
 * The terminal adapter: local people type lines, replies and DMs come back as text, and each
 * person's last buttons can be pressed. Also the notifier for console identities.
 */
export class ConsoleSession implements Notifier {
  private deps: Deps | undefined;
  private readonly session = randomBase32(6);
  private lineNumber = 0;
  private readonly lastButtons = new Map<string, Button[]>();
  /** Output produced while handling a line: the reply, and DMs sent meanwhile. */
  private pending: string[] = [];
  private handling = false;
  /** Where messages that arrive between lines go (alerts from the scheduler). */
  onBackgroundMessage: (text: string) => void = () => {};

  /** Scripts press buttons on purpose; the interactive prompt asks before a destructive one. */
  confirm: (question: string) => Promise<boolean> = async () => true;

  /** `downloadsDir`: where files in replies (invoice PDFs) are saved; without it they are only named. */
  constructor(
    public currentUser: string,
    private readonly downloadsDir?: string,
  ) {}

  attach(deps: Deps) {
    this.deps = deps;
  }

  /** The registry (platform-notifiers.ts) hands it only console people. */
  async sendDirect(to: IdentityRef, message: Reply): Promise<void> {
    this.show(to.platformUserId, message, 'dm');
  }

  /** The console has no channels: nothing here could be delivered. */
  async sendToChannel(): Promise<void> {
    throw new DeliveryRefused('the console has no channels');
  }

  private show(to: string, message: Reply, kind: 'reply' | 'dm') {
    const { text, buttons } = renderText(to, message, kind);
    if (buttons.length) this.lastButtons.set(to, buttons);
    this.emit(text);
  }

  private emit(text: string) {
    if (this.handling) this.pending.push(text);
    else this.onBackgroundMessage(text);
  }

  /** Handles one input line and returns what to print. */
  async handle(input: string): Promise<{ output: string; quit?: boolean }> {
    this.pending = [];
    this.handling = true;
    try {
      return await this.handleLine(input);
    } finally {
      this.handling = false;
    }
  }

  private async handleLine(input: string): Promise<{ output: string; quit?: boolean }> {
    let line = input.trim();
    if (!line || line.startsWith('#')) return { output: '' };
    if (/^(quit|exit)$/i.test(line)) return { output: '', quit: true };
    if (/^\/?help$/i.test(line)) return { output: HELP };
    let user = this.currentUser;
    const prefixed = /^([\w.-]{1,40}):\s+(.*)$/.exec(line);
    if (prefixed && !prefixed[1]!.includes('/')) {
      user = prefixed[1]!;
      line = prefixed[2]!;
    }
    const as = /^\/as\s+(\S+)$/i.exec(line);
    if (as) {
      if (!NAME.test(as[1]!))
        return { output: `"${as[1]}" is not a name I can use: letters, digits, dots, dashes, underscores.` };
      this.currentUser = as[1]!;
      return { output: `You are now ${this.currentUser}.` };
    }
    const press = /^press\s+(.+)$/i.exec(line);
    const reply = press ? await this.press(user, press[1]!) : await this.type(user, line);
    if (reply) {
      const { text, buttons } = renderText(user, reply, 'reply', reply.file && (await this.save(reply.file)));
      this.pending.unshift(text);
      if (buttons.length) this.lastButtons.set(user, buttons);
    }
    return { output: this.pending.join('\n') };
  }

  /** Saves a reply's file and says where, relative to the working folder when inside it. */
  private async save(file: ReplyFile): Promise<string | undefined> {
    if (!this.downloadsDir) return undefined;
    await mkdir(this.downloadsDir, { recursive: true });
    const path = join(this.downloadsDir, file.name);
    await writeFile(path, file.data);
    const near = relative(process.cwd(), path);
    return near.startsWith('..') ? path : `./${near}`;
  }

  private key() {
    return `console:${this.session}:${++this.lineNumber}`;
  }

  /**
   * Through the one inbound path, unclaimed: a terminal never sends a line twice, and a line left
   * unanswered by a crash has nobody to answer after the restart.
   */
  private inbound(user: string, request: InboundRequest): Promise<Reply> {
    return handleInbound(this.deps!, {
      identity: identityOf(user),
      request,
      idempotencyKey: this.key(),
      origin: { platform: CONSOLE_PLATFORM },
    });
  }

  private async type(user: string, line: string): Promise<Reply> {
    return this.inbound(user, { line, resolveMention: consoleMention });
  }

  private async press(user: string, what: string): Promise<Reply | undefined> {
    const buttons = this.lastButtons.get(user) ?? [];
    const words = what.trim();
    const byNumber = /^(\d+)(?:\s+(.*))?$/.exec(words);
    let found: Button | undefined;
    let extra = '';
    if (byNumber) {
      found = buttons[Number.parseInt(byNumber[1]!, 10) - 1];
      extra = byNumber[2] ?? '';
    } else {
      // The longest label that starts the text wins: "Top up 50" presses "Top up" with 50.
      found = [...buttons]
        .sort((a, b) => b.label.length - a.label.length)
        .find((b) => words.toLowerCase().startsWith(b.label.toLowerCase()));
      extra = found ? words.slice(found.label.length).trim() : '';
    }
    if (!found) {
      this.pending.push(
        buttons.length
          ? `No button "${words}" on your last message. ` +
              `Buttons: ${buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('  ')}`
          : 'There is no button to press: your last message had none.',
      );
      return undefined;
    }
    if (found.url) {
      // A terminal cannot open a page for you: the address is printed under the message too.
      this.pending.push(`Open ${showControls(found.url)} in your browser.`);
      return undefined;
    }
    if (found.confirm && !(await this.confirm(plain(found.confirm)))) {
      this.pending.push('Not confirmed; nothing done.');
      return undefined;
    }
    const command = findCommand(found.command);
    if (!command) return unknownCommand(found.command);
    return this.inbound(user, { command, args: this.buttonArgs(found, extra) });
  }

  /** A button's own values, plus any the person typed after its label for options it leaves open (a top-up amount). */
  private buttonArgs(button: Button, extra: string): RawArgs {
    const args: RawArgs = { ...button.args };
    if (!extra) return args;
    const parsed = parseCommandLine(`${button.command} ${extra}`, consoleMention);
    if (parsed.ok)
      for (const [name, value] of Object.entries(parsed.args)) if (args[name] === undefined) args[name] = value;
    return args;
  }
}
