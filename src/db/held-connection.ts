import pg from 'pg';
import type { Logger } from '../logger.ts';

const RECONNECT_MS = 1000;

export interface HeldConnection {
  /** The connection, while it is up. */
  client(): pg.Client | undefined;
  close(): Promise<void>;
}

/**
 * A PostgreSQL connection of its own (a pooled one would be handed to queries), made ready by
 * `setUp` each time it connects, and made again a second after it drops, until `close`. What is
 * held on it (a LISTEN, a session lock) ends with it, hence `setUp` again on each reconnect.
 */
export async function holdConnection(
  url: string,
  log: Logger,
  options: {
    setUp: (client: pg.Client) => Promise<void>;
    /** The log lines: when the connection drops, and when connecting again failed. */
    lost: string;
    notReconnected: string;
    onReconnect?: () => void;
  },
): Promise<HeldConnection> {
  let closing = false;
  let client: pg.Client | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
    next.on('error', (error) => {
      if (closing || client !== next) return;
      log.warn(options.lost, { error: error.message });
      client = undefined;
      void next.end().catch(() => {});
      setTimeout(reconnect, RECONNECT_MS).unref();
    });
    await next.connect();
    await options.setUp(next);
    client = next;
  };
  const reconnect = () => {
    if (closing) return;
    connect().then(options.onReconnect, (error: Error) => {
      log.warn(options.notReconnected, { error: error.message });
      setTimeout(reconnect, RECONNECT_MS).unref();
    });
  };

  await connect();
  return {
    client: () => client,
    async close() {
      closing = true;
      await client?.end();
    },
  };
}
