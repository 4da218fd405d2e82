import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to what was typed, if it is close enough to be a slip ("memebrs",
 * "creditz") rather than another word: at most a third of its letters off, and at least 1.
 */
export function nearest(typed: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; off: number } | undefined;
  for (const candidate of candidates) {
    const off = distance(typed.toLowerCase(), candidate);
    if (!best || off < best.off) best = { candidate, off };
  }
  return best && best.off <= Math.max(1, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

/** The subcommand words nearest to the words typed after the top-level command: "invte post" → "invite post". */
export function nearestSubcommand(words: readonly string[], subcommands: readonly string[]): string | undefined {
  const byLength = new Map<number, string[]>();
  for (const sub of subcommands) {
    const count = sub.split(' ').length;
    byLength.set(count, [...(byLength.get(count) ?? []), sub]);
  }
  // Longer matches first: "invite post" beats "invite" when two words were typed.
  for (const count of [...byLength.keys()].sort((a, b) => b - a)) {
    if (words.length < count) continue;
    const found = nearest(words.slice(0, count).join(' '), byLength.get(count)!);
    if (found) return found;
  }
  return undefined;
}
