import { describeCharacter } from './character-names.ts';

/**
 * The rule for text people type as names: it must look like what it is. Two names that look
 * alike must be alike (NFC), and nothing may hide in them: bidi controls that reorder what is
 * shown, zero-width and other invisible characters, control characters, or nothing visible.
 * `multiline` text (descriptions, addresses) may also hold line breaks and tabs, folded to spaces.
 */
export type TextShape = 'line' | 'multiline';

export type CheckedText = { ok: true; text: string } | { ok: false; problem: string };

type HiddenKind = 'text-direction character' | 'invisible character' | 'control character' | 'line break';

const ZWJ = '\u200D';
const ZWNJ = '\u200C';
const BLACK_FLAG = '\u{1F3F4}';
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Letters that draw nothing, used to fake an empty name or pad a look-alike. */
const BLANK_LETTERS = /[\u034F\u115F\u1160\u17B4\u17B5\u2800\u3164\uFFA0]/u;
/** Format characters with a glyph of their own (Arabic number signs and the like). */
const VISIBLE_FORMAT = /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/u;
const VARIATION_SELECTOR = /[\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
/** Viramas of the main Indic scripts: a joiner after one picks a conjunct form (RFC 5892, CONTEXTJ). */
const VIRAMA = /[\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D4D\u0DCA\u1039\u17D2]/u;
const JOINING_LETTER = /(?=\p{L})[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mongolian}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_TRAILER = /\p{Emoji_Modifier}|\uFE0F/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}\p{Co}]/u;
/** Whitespace to trim and fold; U+FEFF counts as whitespace in JavaScript but is refused here. */
const EDGE_SPACE = /^[^\S\uFEFF]+|[^\S\uFEFF]+$/gu;

function nearestBefore(chars: string[], i: number, skip: RegExp): string | undefined {
  let j = i - 1;
  while (j >= 0 && skip.test(chars[j]!)) j--;
  return chars[j];
}

function nearestAfter(chars: string[], i: number, skip: RegExp): string | undefined {
  let j = i + 1;
  while (j < chars.length && skip.test(chars[j]!)) j++;
  return chars[j];
}

/**
 * ZWJ inside an emoji sequence (👩‍💻), either joiner after a virama, ZWNJ between Arabic-script
 * letters (Persian "می‌خواهم").
 */
function joinerBelongs(chars: string[], i: number): boolean {
  const before = chars[i - 1];
  if (before && VIRAMA.test(before)) return true;
  if (chars[i] === ZWJ) {
    const emoji = nearestBefore(chars, i, EMOJI_TRAILER);
    return Boolean(emoji && PICTOGRAPH.test(emoji) && chars[i + 1] && PICTOGRAPH.test(chars[i + 1]!));
  }
  const letterBefore = nearestBefore(chars, i, /\p{M}/u);
  const letterAfter = nearestAfter(chars, i, /\p{M}/u);
  return Boolean(letterBefore && letterAfter && JOINING_LETTER.test(letterBefore) && JOINING_LETTER.test(letterAfter));
}

function hiddenKind(chars: string[], i: number, shape: TextShape): HiddenKind | null {
  const char = chars[i]!;
  if (BIDI_CONTROLS.test(char)) return 'text-direction character';
  if (/[\n\r\u2028\u2029]/.test(char)) return shape === 'multiline' ? null : 'line break';
  if (char === '\t' && shape === 'multiline') return null;
  if (/[\p{Cc}\p{Cs}]/u.test(char)) return 'control character';
  if (char === ZWJ || char === ZWNJ) return joinerBelongs(chars, i) ? null : 'invisible character';
  // Tag characters spell a subdivision flag after 🏴 (England, Scotland, Wales).
  if (TAG.test(char)) return nearestBefore(chars, i, TAG) === BLACK_FLAG ? null : 'invisible character';
  if (/\p{Cf}/u.test(char)) return VISIBLE_FORMAT.test(char) ? null : 'invisible character';
  if (BLANK_LETTERS.test(char)) return 'invisible character';
  // A variation selector picks how the character before it looks (❤️ vs ❤︎); alone it shows nothing.
  if (VARIATION_SELECTOR.test(char)) {
    const before = chars[i - 1];
    return before && !/\s/u.test(before) && !VARIATION_SELECTOR.test(before) ? null : 'invisible character';
  }
  return null;
}

/**
 * Where a person would count it: after as many characters as they see before it (an emoji or an
 * accented letter counts once).
 */
function positionOf(text: string, offset: number): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(0, offset))].length + 1;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What a person typed → the text to keep (NFC, trimmed, runs of whitespace folded to one space)
 * or a polite refusal naming the first hidden character and where it is. `label` names the
 * value in the message ("team name").
 */
export function checkTypedText(raw: string, label: string, shape: TextShape = 'line'): CheckedText {
  const text = raw.normalize('NFC').replace(EDGE_SPACE, '');
  const chars = [...text];
  let offset = 0;
  for (let i = 0; i < chars.length; i++) {
    const kind = hiddenKind(chars, i, shape);
    if (kind) {
      const character = describeCharacter(chars[i]!.codePointAt(0)!);
      const article = kind === 'invisible character' ? 'an' : 'a';
      const position = positionOf(text, offset);
      return {
        ok: false,
        problem:
          `${capitalized(label)} has ${article} ${kind} (${character}) at position ${position}; ` +
          `type the ${label} without it.`,
      };
    }
    offset += chars[i]!.length;
  }
  const folded = text.replace(/\s+/gu, ' ');
  if (folded !== '' && !VISIBLE.test(folded)) {
    return {
      ok: false,
      problem: `${capitalized(label)} has nothing visible in it; type the ${label} with letters, digits or symbols.`,
    };
  }
  return { ok: true, text: folded };
}

/**
 * For names nobody typed to Tally (a platform's display name): there is no one to ask, so the
 * hidden characters are dropped and line breaks become spaces. May return "".
 */
export function withoutHiddenCharacters(raw: string): string {
  const chars = [...raw.normalize('NFC')];
  const kept = chars.filter((_, i) => hiddenKind(chars, i, 'multiline') === null);
  return kept.join('').replace(/\s+/gu, ' ').trim();
}
