import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Routes keyed "METHOD /path". */
export type Routes = Record<string, Handler>;

/** Runs a handler so that neither a throw nor an aborted request can escape and stop the process. */
export function guarded(handler: Handler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** A minimal server for the endpoints Bolt does not serve (when Slack is not in HTTP mode). */
export async function startHttpServer(
  port: number,
  host: string,
  routes: Routes,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes[`${req.method} ${path}`];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    guarded(handler)(req, res);
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
