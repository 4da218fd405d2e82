import { joinText, md, type Text } from '../rich-text.ts';
import { type Command, usageHint } from './define.ts';
import { COMMANDS, findCommand, isTopLevel, TOP_LEVEL } from './index.ts';
import { nearest, nearestSubcommand } from './nearest-command.ts';
import type { ChannelOption, PersonRef, RawArgs } from './options.ts';

export type MentionResolver = (token: string) => PersonRef | undefined;
/**
 * The adapter's reading of a channel in its platform's syntax (Slack's `<#C123|ops>`); none for a
 * door without channels.
 */
export type ChannelResolver = (token: string) => ChannelOption | undefined;
const noChannels: ChannelResolver = () => undefined;

interface Token {
  text: string;
  /** The part before any quote: `key:` counts as an option name only there. */
  bare: string;
  /** Grouped by quotes (the word, or its value after `key:`). */
  quoted: boolean;
  /** Where the word ends in the line. */
  end: number;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
// U+FEFF is whitespace to JavaScript but invisible to people: it stays in the word, where the name rule refuses it.
const SEPARATOR = /[^\S\uFEFF]/;

/**
 * The quote closing one opened at `open`: the next one that ends a word, so "Bob's" inside
 * 'Bob's team' does not close it.
 */
function closingQuote(line: string, open: number, close: string): number {
  for (let end = line.indexOf(close, open + 1); end !== -1; end = line.indexOf(close, end + 1)) {
    if (end + 1 === line.length || SEPARATOR.test(line[end + 1]!)) return end;
  }
  return -1;
}

/**
 * Shell-like words: spaces separate, quotes group (straight or curly), `key:"a b"` keeps its key.
 * A quote opens a group only at the start of a word or right after `key:`, so apostrophes in
 * names (Alice's & Bob's lab) stay apostrophes.
 */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let bare = '';
  let quoted = false;
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    const close = QUOTES[char];
    const mayOpen = !inToken || (!quoted && /^[a-z][a-z-]*:$/i.test(bare));
    if (close && mayOpen) {
      const end = closingQuote(line, i, close);
      if (end !== -1) {
        text += line.slice(i + 1, end);
        quoted = true;
        inToken = true;
        i = end;
        continue;
      }
    }
    if (SEPARATOR.test(char)) {
      if (inToken) tokens.push({ text, bare, quoted, end: i });
      text = '';
      bare = '';
      quoted = false;
      inToken = false;
      continue;
    }
    text += char;
    if (!quoted) bare += char;
    inToken = true;
  }
  if (inToken) tokens.push({ text, bare, quoted, end: line.length });
  return tokens;
}

export type ParsedLine =
  | {
      ok: true;
      command: Command;
      args: RawArgs;
      /** Nothing typed after the command words but `team:`, so a form may ask for the rest. */
      bare: boolean;
    }
  | { ok: false; error: Text };

/**
 * The line ends in at most one plain space: what Slack's autocomplete leaves after a command.
 * More spaces, or ones that are not plain (no-break, ideographic), are a value of only spaces.
 */
function endsPlainly(line: string, lastWordEnd: number): boolean {
  return /^ ?$/.test(line.slice(lastWordEnd));
}

function matchCommand(words: string[]): { command: Command; used: number } | undefined {
  for (let used = Math.min(3, words.length); used >= 2; used--) {
    const command = findCommand(words.slice(0, used).join(' ').toLowerCase());
    if (command) return { command, used };
  }
  return undefined;
}

/** "/team invite @bob co-owner team:Acme" → the command and its raw arguments, ready for dispatch. */
export function parseCommandLine(
  line: string,
  resolveMention: MentionResolver,
  resolveChannel: ChannelResolver = noChannels,
): ParsedLine {
  // Only the start is trimmed: what trails the last word tells a bare command from spaces typed as a value.
  const cleaned = line.replace(/^\s+/, '').replace(/^\//, '');
  const tokens = tokenize(cleaned);
  const top = tokens[0]?.text.toLowerCase() ?? '';
  if (!isTopLevel(top)) {
    const guess = nearest(top, Object.keys(TOP_LEVEL));
    const didYouMean = guess ? md` Did you mean \`/${guess}\`?` : '';
    const typed = top || line.trim();
    const commands = Object.keys(TOP_LEVEL)
      .map((t) => `/${t}`)
      .join(', ');
    // `/help` is what people try first: point at the lists rather than call it unknown.
    if (top === 'help') {
      const lists = Object.keys(TOP_LEVEL).map((t) => md`\`/${t} help\``);
      return { ok: false, error: md`Each command has its own help: ${joinText(lists, ', ')}.` };
    }
    return {
      ok: false,
      error: md`I don't know the command "${typed}".${didYouMean} Commands: ${commands}; each has \`help\`.`,
    };
  }
  let matched = matchCommand(tokens.map((t) => t.text));
  if (!matched) {
    if (tokens.length > 1 && !tokens[1]!.bare.includes(':')) {
      const subcommands = COMMANDS.filter((c) => !c.hidden && c.path.startsWith(`${top} `)).map((c) =>
        c.path.slice(top.length + 1),
      );
      const guess = nearestSubcommand(
        tokens.slice(1).map((t) => t.text.toLowerCase()),
        subcommands,
      );
      const didYouMean = guess ? md` Did you mean \`/${top} ${guess}\`?` : '';
      return {
        ok: false,
        error: md`/${top} has no subcommand "${tokens[1]!.text}".${didYouMean} Try \`/${top} help\`.`,
      };
    }
    const command = findCommand(`${top} ${TOP_LEVEL[top].defaultSubcommand}`)!;
    matched = { command, used: 1 };
  }
  const { command } = matched;
  const args: RawArgs = {};
  const names = new Set(['team', ...command.options.map((o) => o.name)]);
  const isChannel = (name: string) => command.options.some((o) => o.name === name && o.type === 'channel');
  // Left as typed when the adapter does not read it as a channel: the option's schema refuses it.
  const channelOrText = (text: string) => resolveChannel(text) ?? text;
  const loose: Token[] = [];
  for (const token of tokens.slice(matched.used)) {
    const named = /^([a-z][a-z-]*):/i.exec(token.bare);
    const key = named?.[1]?.toLowerCase();
    if (key && names.has(key)) {
      if (args[key] !== undefined) return { ok: false, error: `The option ${key} is given twice.` };
      const value = token.text.slice(named![0].length);
      args[key] = isChannel(key) ? channelOrText(value) : value;
    } else {
      loose.push(token);
    }
  }
  const positional = command.options.filter((o) => !o.namedOnly && args[o.name] === undefined);
  let next = 0;
  for (let i = 0; i < loose.length; i++) {
    const token = loose[i]!;
    const mention = resolveMention(token.text);
    // An optional person slot is skipped by a word that is not a mention: `/team invite co-owner`.
    while (positional[next]?.type === 'person' && !positional[next]!.required && !mention) next++;
    const option = positional[next++];
    if (!option) {
      return { ok: false, error: md`I didn't expect "${token.text}" there. ${usageHint(command)}` };
    }
    if (option.rest) {
      const words = loose.slice(i);
      // Quotes around part of it mean the person thought it ended there (`/team create Acme "GPU research"`).
      const grouped = words.length > 1 ? words.find((t) => t.quoted) : undefined;
      if (grouped) {
        const quote = md`quote all of ${option.name} or none of it, and give other options by name.`;
        const part = md`"${grouped.text}" would become part of it`;
        return {
          ok: false,
          error: md`${option.name} takes the rest of the line, so ${part}: ${quote} ${usageHint(command)}`,
        };
      }
      args[option.name] = words.map((t) => t.text).join(' ');
      break;
    }
    if (option.type === 'channel') args[option.name] = channelOrText(token.text);
    else args[option.name] = option.type === 'person' && mention ? mention : token.text;
  }
  const bare =
    loose.length === 0 &&
    Object.keys(args).every((name) => name === 'team') &&
    endsPlainly(cleaned, tokens.at(-1)?.end ?? 0);
  return { ok: true, command, args, bare };
}
