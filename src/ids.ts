import { createHash, randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O, U, so codes survive being read aloud or retyped.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

/** Team ids are short enough to type in `team:` options: "T" + 9 characters (45 bits). */
export function newTeamId(): string {
  return `T${randomBase32(9)}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
