/**
 * A unique-constraint violation, the database's answer to a lost race: Prisma's P2002 from its
 * own queries, or P2010 (a raw query failed) whose driver error is PostgreSQL's SQLSTATE 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
  };
  if (code === 'P2002') return true;
  const cause = meta?.driverAdapterError?.cause;
  return code === 'P2010' && (cause?.kind === 'UniqueConstraintViolation' || cause?.originalCode === '23505');
}

/** Runs `work`; a unique-constraint violation it ends in is thrown as `taken()`, the answer a person reads. */
export async function onUniqueViolation<T>(taken: () => Error, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
