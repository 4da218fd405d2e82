import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { FAKE_SESTERCE_KEY } from './fake-sesterce-data.ts';
import { FakeApiError, FakeSesterceState } from './fake-sesterce-machines.ts';
import { type LoopbackServer, serveOnLoopback } from './loopback-server.ts';

export { FAKE_SESTERCE_KEY } from './fake-sesterce-data.ts';

export interface SeenSesterceRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** Requests whose answers wait until the test releases them (`hold`). */
interface Hold {
  count: number;
  method?: string;
  path?: string;
  released: Promise<void>;
  release(): void;
}

/** A failure to answer instead of the real answer: an HTTP status, or 0 to drop the connection. */
interface Failure {
  status: number;
  count: number;
  method?: string;
  path?: string;
  message?: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

type Collection = 'instances' | 'volumes' | 'inference';
const COLLECTIONS: Record<string, Collection> = {
  '/gpu-cloud/instances': 'instances',
  '/gpu-cloud/volumes': 'volumes',
  '/ai-inference/instances': 'inference',
};

function read(request: IncomingMessage): Promise<string> {
  return new Promise((done, failed) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', failed);
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Sesterce Cloud's REST API on 127.0.0.1, following SESTERCE-API.md: offers, instances (pending until
 * `activate`, or their `activateAfter`th lookup), volumes, SSH keys, inference models and endpoints;
 * errors in the API's shape; `x-api-key` checked (403 "API key invalid"), and a missing or default
 * User-Agent refused as Cloudflare does (error 1010). Tests inject failures (`failNext`), slowness
 * (`delayMs`, or `hold` for a call that stays out exactly as long as the test needs) and lost answers
 * (`loseNextCreate`: the machine is made, the answer is not given).
 */
export class FakeSesterce extends FakeSesterceState {
  readonly requests: SeenSesterceRequest[] = [];
  /** Every answer waits this long first. */
  delayMs = 0;
  /** The next create makes its machine, then answers 500 ('error') or never ('timeout'). */
  loseNextCreate: 'error' | 'timeout' | undefined;
  private failures: Failure[] = [];
  private holds: Hold[] = [];
  private http!: LoopbackServer;

  static async start(): Promise<FakeSesterce> {
    const fake = new FakeSesterce();
    fake.http = await serveOnLoopback((request, response) => void fake.handle(request, response));
    return fake;
  }

  get port(): number {
    return this.http.port;
  }

  get url(): string {
    return this.http.url;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  /**
   * The next `count` requests (those with this method and path, when given) answer `status` with an
   * error body instead, doing nothing; status 0 drops the connection without an answer.
   */
  failNext(status: number, count = 1, match: Omit<Failure, 'status' | 'count'> = {}) {
    this.failures.push({ status, count, ...match });
  }

  /**
   * The next `count` requests (those with this method and path, when given) are recorded at once but
   * carried out and answered only when `release()` is called: a slow cloud call with no timer to wait
   * out. A request held when its caller died is still carried out on release, as the cloud does.
   */
  hold(match: { method?: string; path?: string } = {}, count = Number.POSITIVE_INFINITY): { release(): void } {
    let release = () => {};
    const released = new Promise<void>((done) => {
      release = done;
    });
    const hold: Hold = { count, ...match, released, release };
    this.holds.push(hold);
    return {
      release: () => {
        this.holds = this.holds.filter((h) => h !== hold);
        hold.release();
      },
    };
  }

  private takeHold(method: string, path: string): Hold | undefined {
    const hold = this.holds.find(
      (h) => (!h.method || h.method === method) && (!h.path || h.path === path) && h.count > 0,
    );
    if (hold) hold.count--;
    return hold;
  }

  /** As started: default offers, no machines, keys, requests, failures, holds (released) or delays. */
  reset() {
    Object.assign(this, new FakeSesterceState());
    this.requests.length = 0;
    this.failures = [];
    for (const hold of this.holds.splice(0)) hold.release();
    this.delayMs = 0;
    this.loseNextCreate = undefined;
  }

  /** The requests seen with this method and path (the path without its query). */
  requestsTo(method: string, path: string): SeenSesterceRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  private takeFailure(method: string, path: string): Failure | undefined {
    const failure = this.failures.find(
      (f) => (!f.method || f.method === method) && (!f.path || f.path === path) && f.count > 0,
    );
    if (failure) failure.count--;
    this.failures = this.failures.filter((f) => f.count > 0);
    return failure;
  }

  private send(response: ServerResponse, status: number, body: unknown) {
    if (status === 204) {
      response.writeHead(204).end();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private sendError(response: ServerResponse, path: string, status: number, message: string | string[]) {
    this.send(response, status, { statusCode: status, timestamp: new Date().toISOString(), path, message });
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const raw = await read(request);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.sendError(response, url.pathname, 400, 'Unexpected token in JSON body');
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      headers: request.headers,
    });
    const hold = this.takeHold(method, url.pathname);
    if (hold) await hold.released;
    if (this.delayMs) await sleep(this.delayMs);
    const agent = request.headers['user-agent'];
    if (!agent || agent === 'node' || agent === 'undici') {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('error code: 1010');
      return;
    }
    if (request.headers['x-api-key'] !== FAKE_SESTERCE_KEY)
      return this.sendError(response, url.pathname, 403, 'API key invalid');
    const failure = this.takeFailure(method, url.pathname);
    if (failure?.status === 0) return void request.socket.destroy();
    if (failure?.retryAfter !== undefined) response.setHeader('retry-after', String(failure.retryAfter));
    if (failure)
      return this.sendError(response, url.pathname, failure.status, failure.message ?? 'Internal server error');
    try {
      const [status, answer] = this.route(method, url, body);
      const lost = method === 'POST' && status === 201 && url.pathname in COLLECTIONS ? this.loseNextCreate : undefined;
      if (lost) {
        this.loseNextCreate = undefined;
        if (lost === 'timeout') return; // made, never answered: stop() drops the connection
        return this.sendError(response, url.pathname, 500, 'Internal server error');
      }
      this.send(response, status, answer);
    } catch (error) {
      if (!(error instanceof FakeApiError)) throw error;
      this.sendError(response, url.pathname, error.status, error.said);
    }
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const path = url.pathname;
    const json = (body ?? {}) as Record<string, unknown>;
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /gpu-cloud/instances/offers': {
        const region = url.searchParams.get('region');
        const available = url.searchParams.get('available') === 'true';
        return [
          200,
          this.instanceOffers.filter(
            (o) =>
              (!available || o.availability.some((a) => a.available && (!region || a.region === region))) &&
              (!region || o.availability.some((a) => a.region === region)),
          ),
        ];
      }
      case 'GET /gpu-cloud/volumes/offers':
        return [200, this.volumeOffers];
      case 'GET /ai-inference/models':
        return [200, this.models];
      case 'GET /ai-inference/hardwares':
        return [200, this.hardwares];
      case 'GET /ai-inference/regions':
        return [200, this.inferenceRegions];
      case 'GET /gpu-cloud/instances':
        return [200, [...this.instances.values()]];
      case 'GET /gpu-cloud/volumes':
        return [200, [...this.volumes.values()]];
      case 'GET /ai-inference/instances':
        return [200, [...this.inference.values()]];
      case 'GET /gpu-cloud/ssh-keys':
        return [200, [...this.sshKeys.values()]];
      case 'POST /gpu-cloud/instances':
        return [201, this.createInstance(json)];
      case 'POST /gpu-cloud/volumes':
        return [201, this.createVolume(json)];
      case 'POST /ai-inference/instances':
        return [201, this.createInference(json)];
      case 'POST /gpu-cloud/ssh-keys':
        return [201, this.createSshKey(json)];
    }
    const [, collection, id] =
      /^(\/gpu-cloud\/instances|\/gpu-cloud\/volumes|\/ai-inference\/instances)\/([^/]+)$/.exec(path) ?? [
        undefined,
        undefined,
        undefined,
      ];
    if (collection && id && method === 'GET') {
      const found = this.lookup(id);
      if (found && this[COLLECTIONS[collection]!].has(id)) return [200, found];
    }
    if (collection && id && method === 'DELETE' && this.delete(COLLECTIONS[collection]!, id)) return [204, null];
    throw new FakeApiError(404, 'Not found');
  }
}
