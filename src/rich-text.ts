/**
 * Reply text keeps what Tally wrote apart from what people typed. Tally's own words may use
 * *bold* and `code`; anything a person typed (names, descriptions, reasons) travels as data,
 * and each renderer escapes data for its platform. So a team called `<!channel>` is shown,
 * never obeyed, and no renderer can forget: it never sees the two mixed in one string.
 */

/**
 * `markup`: Tally's words, where every `*` is bold and every backtick code. `data`: shown as typed.
 * `channel`: a channel's id, which each platform links its own way.
 */
export type Part = { markup: string } | { data: string } | { channel: string };

export interface Rich {
  readonly parts: readonly Part[];
}

/** A plain string is always data; markup only comes from `md`. */
export type Text = string | Rich;

export function isRich(value: unknown): value is Rich {
  return typeof value === 'object' && value !== null && Array.isArray((value as Rich).parts);
}

function partsOf(text: Text): readonly Part[] {
  return isRich(text) ? text.parts : text === '' ? [] : [{ data: text }];
}

/**
 * Tally's message with people's values in it: the template is markup, every interpolated
 * string is data, an interpolated `Rich` keeps its own parts, numbers are data.
 * md`Created *${team.name}*` shows the name in bold, whatever it contains.
 */
export function md(strings: TemplateStringsArray, ...values: Array<Text | number>): Rich {
  const parts: Part[] = [];
  strings.forEach((markup, i) => {
    if (markup) parts.push({ markup });
    if (i < values.length) {
      const value = values[i]!;
      parts.push(...partsOf(typeof value === 'number' ? String(value) : value));
    }
  });
  return { parts };
}

/** A link to a chat channel (a team's alert channel), from its id alone. */
export function channelLink(channelId: string): Rich {
  return { parts: [{ channel: channelId }] };
}

/** Texts one after another with a markup separator (", ", "\n"). */
export function joinText(texts: readonly Text[], separator = ''): Rich {
  const parts: Part[] = [];
  texts.forEach((text, i) => {
    if (i > 0 && separator) parts.push({ markup: separator });
    parts.push(...partsOf(text));
  });
  return { parts };
}

/**
 * Where a piece of data lands: in a `code` span Tally opened (shown literally), at a line's start
 * (where `# ` is a heading).
 */
export interface DataPlace {
  inCode: boolean;
  atLineStart: boolean;
}

export interface TextRenderer {
  markup(markup: string): string;
  data(data: string, place: DataPlace): string;
  /** Default: `#id`. */
  channel?(channelId: string): string;
}

/** Walks the parts in order, telling the renderer where each piece of data lands. */
export function renderRich(text: Text, renderer: TextRenderer): string {
  let inCode = false;
  let out = '';
  for (const part of partsOf(text)) {
    if ('markup' in part) {
      out += renderer.markup(part.markup);
      for (const char of part.markup) if (char === '`') inCode = !inCode;
    } else if ('data' in part) {
      out += renderer.data(part.data, { inCode, atLineStart: out === '' || out.endsWith('\n') });
    } else {
      out += renderer.channel ? renderer.channel(part.channel) : `#${part.channel}`;
    }
  }
  return out;
}

/** The text as written, markup characters and all: for logs, and for tests that read what was said. */
export function sourceText(text: Text): string {
  return renderRich(text, { markup: (m) => m, data: (d) => d });
}

/** Words only: markup removed, data as typed (logs, audit entries, PDF lines). */
export function plainText(text: Text): string {
  return renderRich(text, { markup: (m) => m.replace(/[*`]/g, ''), data: (d) => d });
}

/** For a text column: the parts as JSON, so markup and data stay apart when it is read back. */
export function storedText(text: Text): string {
  return JSON.stringify(isRich(text) ? text.parts : [{ data: text }]);
}

/** Reads `storedText` back; anything else (a row written before) counts as data. */
export function readStoredText(stored: string): Text {
  try {
    const parts = JSON.parse(stored) as unknown;
    if (
      Array.isArray(parts) &&
      parts.every((p) => typeof p?.markup === 'string' || typeof p?.data === 'string' || typeof p?.channel === 'string')
    )
      return { parts };
  } catch {}
  return stored;
}
