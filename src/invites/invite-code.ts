import { randomBase32, sha256Hex } from '../ids.ts';

/** 16 base32 characters: 80 random bits, shown once, stored only as a hash. */
export function newInviteCode(): string {
  const raw = randomBase32(16);
  return `TALLY-${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
}

/** Accepts the code as shown, in any case, or the whole link ending in /join/<code>. */
export function normalizeInviteCode(input: string): string {
  const lastSegment =
    input
      .trim()
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  return lastSegment.toUpperCase().replace(/\s+/g, '');
}

const CODE_SHAPE = /^TALLY(-[0-9A-Z]{4}){4}$/;

/** Whether `code` is a bare code as links carry it, in any case: checked before anything is looked up. */
export function isInviteCodeShape(code: string): boolean {
  return CODE_SHAPE.test(code.toUpperCase());
}

export function hashInviteCode(code: string): string {
  return sha256Hex(normalizeInviteCode(code));
}

export function inviteUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/join/${code}`;
}
