import { messages } from '@electric-sql/pglite';

/** What the main thread asks of the PGlite worker. `tx` names an open transaction to run in. */
export type PgliteRequest =
  | {
      id: number;
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object' | undefined;
      rawTypes: number[];
      tx?: number;
    }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' }
  | { id: number; op: 'listen'; channel: string };

/** What the worker sends back: answers to requests, and news about opening the folder. */
export type PgliteReply =
  | { kind: 'done'; id: number; value: unknown }
  | { kind: 'failed'; id: number; error: SerializedError }
  | { kind: 'first-boot' }
  | { kind: 'warn'; message: string; fields: Record<string, unknown> }
  | { kind: 'ready' }
  | { kind: 'notification'; channel: string }
  | { kind: 'open-failed'; error: SerializedError };

export interface PgliteWorkerData {
  folder: string;
}

export interface SerializedError {
  /** A PostgreSQL error (PGlite's DatabaseError), which the Prisma adapter maps by its code. */
  database: boolean;
  message: string;
  stack: string | undefined;
  /** code, severity, detail, constraint … : the primitive own properties. */
  fields: Record<string, string | number | boolean | undefined>;
}

/**
 * Structured clone keeps an Error's message but drops its own properties, and with them the
 * SQLSTATE code the adapter needs (23505 becomes Prisma's P2002), so errors cross as plain data.
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { database: false, message: String(error), stack: undefined, fields: {} };
  const fields: SerializedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value as string | number | boolean | undefined;
  }
  return { database: error instanceof messages.DatabaseError, message: error.message, stack: error.stack, fields };
}

/** The error again, of the class the adapter tests with `instanceof` when it was PGlite's own. */
export function reviveError(serialized: SerializedError): Error {
  const { length, name, ...fields } = serialized.fields;
  const error = serialized.database
    ? new messages.DatabaseError(
        serialized.message,
        Number(length ?? 0),
        (name ?? 'error') as ConstructorParameters<typeof messages.DatabaseError>[2],
      )
    : new Error(serialized.message);
  Object.assign(error, fields);
  if (serialized.stack) error.stack = `${serialized.stack}\n    (in the embedded database's thread)`;
  return error;
}
