import pg from 'pg';
import type { Logger } from '../logger.ts';
import { holdConnection } from './held-connection.ts';

/**
 * LISTENs on `channel` on a connection of its own and calls `onNotify` for each NOTIFY, and once
 * more after a reconnect, as notifications sent while the connection was down are lost. Keeps
 * reconnecting until the returned stop.
 */
export async function listenPostgres(
  url: string,
  channel: string,
  onNotify: () => void,
  log: Logger,
): Promise<() => Promise<void>> {
  const connection = await holdConnection(url, log, {
    async setUp(client) {
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    },
    lost: 'lost the connection that listens for queued alerts; reconnecting',
    notReconnected: 'could not reconnect to listen for queued alerts',
    onReconnect: onNotify,
  });
  return () => connection.close();
}
