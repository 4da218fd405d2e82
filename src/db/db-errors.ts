/** Prisma's code for a unique-constraint violation, the database's answer to a lost race. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
