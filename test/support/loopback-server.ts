import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`: what a client library's base URL setting takes. */
  readonly url: string;
  /** Drops open connections (a client's keep-alive would hold the close) and stops listening. */
  stop(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 at a free port: how the fake APIs (Stripe, Sesterce) are served. */
export async function serveOnLoopback(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = createServer(handle);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
