import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';
import { waitFor } from './wait-for.ts';

/** What the fake platforms share: an HTTP server, a WebSocket server on it, waiting and stopping. */
export abstract class LocalFake {
  protected server!: Server;
  protected sockets!: WebSocketServer;

  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    return waitFor(check, what, timeoutMs);
  }

  async stop() {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    await new Promise((done) => this.server.close(done));
  }
}
