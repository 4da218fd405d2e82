import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type Logger, silentLogger } from '../../src/logger.ts';
import { ProviderKeyRejected, ProviderRefused, ProviderUnavailable } from '../../src/ports/compute.ts';
import { type Metrics, noMetrics } from '../../src/ports/metrics.ts';
import { projectFile } from '../../src/project-file.ts';
import { ApiErrorSchema } from './schemas.ts';

const VERSION = (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string }).version;
/** Cloudflare in front of the API refuses requests without a normal User-Agent (its error 1010). */
export const USER_AGENT = `Tally/${VERSION} (GPU credits chat bot; Node.js ${process.versions.node})`;

export interface SesterceClientOptions {
  apiKey: string;
  apiUrl: string;
  /** Per request, answer included; 15 s unless set. */
  timeoutMs?: number;
  /** Tries after the first, for requests that may be repeated; 3 unless set. */
  retries?: number;
  /** The first wait before a retry, doubled each time, with jitter; 500 ms unless set. */
  backoffMs?: number;
  log?: Logger;
  /** Each failed request (each try) is counted here. */
  metrics?: Metrics;
}

export interface SendOptions {
  body?: unknown;
  /**
   * Whether a failure that leaves the outcome unknown (5xx, 429, timeout, network) may be repeated.
   * True for reads and deletes; creates pass false: a create repeated after a lost answer could make
   * a second machine, so the caller looks it up by name instead.
   */
  retry?: boolean;
}

export interface SesterceClient {
  /** The answer's JSON (null for 204), checked against `schema`. */
  send<T>(method: string, path: string, schema: z.ZodType<T>, options?: SendOptions): Promise<T>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The API's own words: `message` may be a string or a list of them (one per invalid field). */
function apiMessage(body: unknown): string | undefined {
  const parsed = ApiErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { message } = parsed.data;
  const text = (Array.isArray(message) ? message.join('; ') : message).trim();
  return text || undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * ProviderUnavailable, saying whether the request is `settled`: Sesterce itself answered that it
 * failed (500, 503, 429) or never got it (connection refused), so a lookup now shows all it did.
 * Unsettled: no answer in time, a dropped connection, a gateway's timeout (502, 504, Cloudflare's
 * 52x) — the request may still be carried out after Tally gave up on it.
 */
export class SesterceUnavailable extends ProviderUnavailable {
  constructor(
    message: string,
    readonly settled: boolean,
  ) {
    super(message);
  }
}

/**
 * A request as a label value: the path's words kept, any other segment (an id) as `:id`, so
 * `GET /gpu-cloud/instances/6650…` and every other machine's are one operation.
 */
function operationOf(method: string, path: string): string {
  const segments = path
    .split('?')[0]!
    .split('/')
    .map((s) => (!s || /^[a-z]+(?:-[a-z]+)*$/.test(s) ? s : ':id'));
  return `${method} ${segments.join('/')}`;
}

/** How a refused try failed, as a label value from a fixed list. */
function refusalKind(refused: ProviderRefused): string {
  if (refused instanceof ProviderKeyRejected) return 'key_rejected';
  return refused.status === 404 ? 'not_found' : 'http_4xx';
}

const GATEWAY = (status: number) => status === 502 || status === 504 || (status >= 520 && status <= 530);

/** Worth another try: the server failed or is busy; other 4xx answers will not change. */
const retryable = (status: number) => status >= 500 || status === 429;

/** A 429's or 503's Retry-After (seconds or a date) in ms, capped: a busy API's own word on when to come back. */
function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.min(Math.max(0, seconds * 1000), MAX_RETRY_AFTER_MS) : 0;
}
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Sesterce's REST API over Node's fetch: `x-api-key` on every request (never logged), JSON both
 * ways, a timeout per request, retries with backoff on 5xx, 429, network errors and timeouts (not
 * for creates). Errors are the compute port's: 401, 403 and 404 "API key not found" are
 * ProviderKeyRejected; other 4xx ProviderRefused with the API's message; the rest ProviderUnavailable.
 */
export function sesterceClient(options: SesterceClientOptions): SesterceClient {
  const { apiKey, timeoutMs = 15_000, retries = 3, backoffMs = 500, log = silentLogger, metrics = noMetrics } = options;
  const base = options.apiUrl.replace(/\/+$/, '');

  async function once(method: string, path: string, body: unknown) {
    const headers: Record<string, string> = {
      'x-api-key': apiKey,
      'user-agent': USER_AGENT,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const json = response.status === 204 || !text ? null : parseJson(text);
    return { status: response.status, json, retryAfter: retryAfterMs(response.headers.get('retry-after')) };
  }

  function refusal(status: number, json: unknown): ProviderRefused {
    const said = apiMessage(json);
    // The docs give 404 "API key not found" too: that must not read as "the machine is gone".
    if (status === 401 || status === 403 || (status === 404 && /api key/i.test(said ?? '')))
      return new ProviderKeyRejected(
        said ??
          `Sesterce refused Tally's requests (HTTP ${status}) without saying why; ` +
            'a firewall in front of its API may be blocking them',
      );
    return new ProviderRefused(said ?? `Sesterce refused the request (HTTP ${status}).`, status);
  }

  return {
    async send(method, path, schema, { body, retry = true } = {}) {
      const what = `${method} ${path}`;
      const failed = (kind: string) =>
        metrics.externalCallFailed({ service: 'sesterce', operation: operationOf(method, path), kind });
      let failure = '';
      let settled = false;
      for (let attempt = 0; ; attempt++) {
        let asked = 0;
        try {
          const started = Date.now();
          const { status, json, retryAfter } = await once(method, path, body);
          log.debug('Sesterce answered', { request: what, status, ms: Date.now() - started });
          if (status >= 200 && status < 300) {
            const parsed = schema.safeParse(json);
            if (parsed.success) return parsed.data;
            // An answer Tally cannot read: a create may have made something a lookup cannot read either.
            const issue = parsed.error.issues[0];
            const where = issue?.path.join('.') || 'body';
            failed('bad_answer');
            throw new SesterceUnavailable(
              `Sesterce answered ${what} in an unexpected shape (${where}: ${issue?.message}).`,
              false,
            );
          }
          if (!retryable(status)) {
            const refused = refusal(status, json);
            failed(refusalKind(refused));
            throw refused;
          }
          failed(status === 429 ? 'rate_limited' : 'http_5xx');
          const said = apiMessage(json);
          failure = `HTTP ${status}${said ? `: ${said}` : ''}`;
          settled = !GATEWAY(status);
          asked = retryAfter;
        } catch (error) {
          if (error instanceof ProviderRefused || error instanceof ProviderUnavailable) throw error;
          const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
          failed(timedOut ? 'timeout' : 'network');
          // undici says "fetch failed"; the reason (ECONNREFUSED, a reset socket…) is its cause.
          const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
          failure = timedOut ? `no answer within ${timeoutMs} ms` : `network error: ${cause?.message ?? error}`;
          // A refused connection sent nothing; any other failure may have sent it all.
          settled = cause?.code === 'ECONNREFUSED';
        }
        if (!retry || attempt >= retries) break;
        const wait = Math.round(Math.max(asked, backoffMs * 2 ** attempt * (0.5 + Math.random() / 2)));
        log.warn('Sesterce request failed; retrying', { request: what, failure, attempt: attempt + 1, waitMs: wait });
        await sleep(wait);
      }
      throw new SesterceUnavailable(`Sesterce could not be reached for ${what} (${failure}).`, settled);
    },
  };
}
