import pg from 'pg';
import type { Logger } from '../logger.ts';

const RECONNECT_MS = 1000;

/**
 * LISTENs on `channel` on a connection of its own (a pooled one would be handed to queries) and
 * calls `onNotify` for each NOTIFY, and once more after a reconnect, as notifications sent while
 * the connection was down are lost. Keeps reconnecting until the returned stop.
 */
export async function listenPostgres(
  url: string,
  channel: string,
  onNotify: () => void,
  log: Logger,
): Promise<() => Promise<void>> {
  let closing = false;
  let client: pg.Client | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on('error', (error) => {
      if (closing || client !== next) return;
      log.warn('lost the connection that listens for queued alerts; reconnecting', { error: error.message });
      client = undefined;
      void next.end().catch(() => {});
      setTimeout(reconnect, RECONNECT_MS).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
  };
  const reconnect = () => {
    if (closing) return;
    connect().then(onNotify, (error: Error) => {
      log.warn('could not reconnect to listen for queued alerts', { error: error.message });
      setTimeout(reconnect, RECONNECT_MS).unref();
    });
  };

  await connect();
  return async () => {
    closing = true;
    await client?.end();
  };
}
