import { describe, expect, it } from 'vitest';
import { checkTypedText, withoutHiddenCharacters } from '../../src/text/visible-name.ts';

const refusal = (raw: string, shape: 'line' | 'multiline' = 'line') => {
  const checked = checkTypedText(raw, 'team name', shape);
  return checked.ok ? `accepted as ${JSON.stringify(checked.text)}` : checked.problem;
};
const kept = (raw: string, shape: 'line' | 'multiline' = 'line') => {
  const checked = checkTypedText(raw, 'team name', shape);
  if (!checked.ok) throw new Error(checked.problem);
  return checked.text;
};

describe('the visible-name rule', () => {
  it('refuses hidden characters, naming the character and the position a person would count', () => {
    expect(refusal('Ac\u200Bme')).toBe(
      'Team name has an invisible character (U+200B ZERO WIDTH SPACE) at position 3; type the team name without it.',
    );
    expect(refusal('\u202Eemca')).toBe(
      'Team name has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 1; type the team name without it.',
    );
    expect(refusal('a\u0007b')).toBe(
      'Team name has a control character (U+0007 BELL) at position 2; type the team name without it.',
    );
    expect(refusal('x\ty')).toContain('a control character (U+0009 CHARACTER TABULATION) at position 2');
    expect(refusal('x\ny')).toContain('a line break (U+000A LINE FEED) at position 2');
    // Emoji and accents count as one character each, as on screen.
    expect(refusal('👩‍💻 Cafe\u0301\u2060')).toContain('(U+2060 WORD JOINER) at position 7');
    for (const [raw, character] of [
      ['\u200E', 'U+200E LEFT-TO-RIGHT MARK'],
      ['a\u200Fb', 'U+200F RIGHT-TO-LEFT MARK'],
      ['a\u061Cb', 'U+061C ARABIC LETTER MARK'],
      ['a\u2066b\u2069', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
      ['\uFEFFAcme', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
      ['Ac\u00ADme', 'U+00AD SOFT HYPHEN'],
      ['\u200B\u200B', 'U+200B ZERO WIDTH SPACE'],
      ['\u3164', 'U+3164 HANGUL FILLER'],
      ['a\u200Cb', 'U+200C ZERO WIDTH NON-JOINER'],
      ['a\u200Db', 'U+200D ZERO WIDTH JOINER'],
      ['\uFE0F', 'U+FE0F VARIATION SELECTOR-16'],
      ['a\u{E0041}', 'U+E0041'],
      ['a\u007Fb', 'U+007F DELETE'],
    ]) {
      expect(refusal(raw!)).toContain(`(${character})`);
    }
  });

  it('refuses a name with nothing visible, and leaves an empty one to the caller', () => {
    expect(refusal('\u0301\u0301')).toBe(
      'Team name has nothing visible in it; type the team name with letters, digits or symbols.',
    );
    expect(kept('   \u3000 ')).toBe('');
  });

  it('normalises to NFC, trims and folds spaces; multiline text keeps its words but not hidden characters', () => {
    expect(kept('  Cafe\u0301\u00A0 Club ')).toBe('Caf\u00E9 Club');
    expect(kept('line one\r\n\tline two', 'multiline')).toBe('line one line two');
    expect(refusal('line one\n\u202Eowt enil', 'multiline')).toContain(
      '(U+202E RIGHT-TO-LEFT OVERRIDE) at position 10',
    );
    expect(refusal('a\u0007b', 'multiline')).toContain('(U+0007 BELL)');
  });

  it('keeps emoji sequences, variation selectors and the joiners scripts need', () => {
    for (const name of [
      '👩‍💻 Coders',
      '❤️ Team',
      '🏳️‍🌈 Pride',
      '🧑🏽‍🚀 Crew',
      '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} Rugby',
      'می\u200Cخواهم',
      'क्\u200Dष',
      '#️⃣ Hash',
      'ℹ︎ Info',
    ]) {
      expect(kept(name)).toBe(name);
    }
  });

  it('drops hidden characters from names nobody typed to Tally (display names)', () => {
    expect(withoutHiddenCharacters('ali\u202Ece\u200B\n Smith')).toBe('alice Smith');
    expect(withoutHiddenCharacters('\u200B\u3164')).toBe('');
    expect(withoutHiddenCharacters('👩‍💻 Ada')).toBe('👩‍💻 Ada');
  });
});
