import { createHash, randomBytes, randomFillSync } from 'node:crypto';

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

let v7State = { msecs: -1, seq: 0 };

// Random bytes for the ids, drawn from the system a few kilobytes at a time: one call per id was
// most of the cost of making the thousands a metering batch needs.
const pool = Buffer.alloc(4096);
let pooled = pool.length;

function randomFromPool(length: number): Buffer {
  if (pooled + length > pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  pooled += length;
  return pool.subarray(pooled - length, pooled);
}

/**
 * A UUID version 7 (RFC 9562), made as Prisma makes `@default(uuid(7))`: the wall-clock
 * millisecond, then a counter that starts at random each millisecond and counts up within it (so
 * ids made here sort in the order they were made), then random bits. For rows written in raw SQL,
 * where Prisma's default does not apply.
 */
export function newUuidV7(): string {
  let msecs = Date.now();
  if (msecs > v7State.msecs) {
    v7State = { msecs, seq: randomFromPool(4).readUInt32BE() >>> 1 };
  } else {
    msecs = v7State.msecs;
    v7State.seq = (v7State.seq + 1) >>> 0;
    // The counter ran out within one millisecond: borrow the next one, as the uuid package does.
    if (v7State.seq === 0) v7State.msecs = ++msecs;
  }
  const { seq } = v7State;
  const rand = randomFromPool(6);
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(msecs, 0, 6);
  bytes[6] = 0x70 | ((seq >>> 28) & 0x0f);
  bytes[7] = (seq >>> 20) & 0xff;
  bytes[8] = 0x80 | ((seq >>> 14) & 0x3f);
  bytes[9] = (seq >>> 6) & 0xff;
  bytes[10] = ((seq << 2) & 0xff) | (rand[0]! & 0x03);
  rand.copy(bytes, 11, 1, 6);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
