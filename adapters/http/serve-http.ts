import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

export interface ServingHttp {
  port: number;
  /** Stops accepting connections and resolves once the requests in progress are answered. */
  close(): Promise<void>;
}

/** Serves the application on node:http at `host:port` (port 0: any free one). */
export async function serveHttp(app: Hono, port: number, host: string): Promise<ServingHttp> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      listening();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
