import { TallyError } from '../errors.ts';
import { describePostgresUrl } from './postgres-store.ts';

const SYSTEM_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running and listening there?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'no answer (timed out)',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset by the server',
};

/**
 * Why connecting to PostgreSQL failed, in one line and without the password: the server's own
 * message (a missing database, a refused login), or the network's reason. Node's error for a
 * host with several addresses is an AggregateError with an empty message, hence the codes.
 */
export function connectFailure(url: string, error: unknown): TallyError {
  const { code, message } = error as { code?: string; message?: string };
  let reason = (code && SYSTEM_REASONS[code]) || message || code || String(error);
  const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
  if (password) reason = reason.replaceAll(password, '***');
  return new TallyError(
    'database_unavailable',
    `cannot connect to ${describePostgresUrl(url)}: ${reason.replace(/\s+/g, ' ')}`,
  );
}
