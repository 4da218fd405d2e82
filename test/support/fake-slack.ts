import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { LocalFake } from './local-fake.ts';

export const FAKE_TEAM = 'T00FAKETEAM';
export const SIGNING_SECRET = 'fake-signing-secret-0123456789';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The bytes of an upload, sent raw or as the one file of a multipart form. */
async function uploadedBytes(body: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.includes('multipart/form-data')) return body;
  const form = await new Request('http://127.0.0.1/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  }).formData();
  const file = [...form.values()].find((value) => typeof value !== 'string');
  return file && typeof file !== 'string' ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
}

/** A file as a channel shows it once files.completeUploadExternal shared it. */
export interface SharedFile {
  channel: string;
  name: string;
  title: string;
  bytes: Buffer;
  comment: string | undefined;
}

/** Form fields Slack's client sends as JSON strings (blocks, view) are decoded for assertions. */
function decodeArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return body ? JSON.parse(body) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

/**
 * A local stand-in for Slack: the Web API (`POST /api/<method>`), response_url targets
 * (`POST /response/<id>`) and a Socket Mode WebSocket. Everything received is recorded.
 */
export class FakeSlack extends LocalFake {
  readonly calls: ApiCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly names = new Map<string, string>();
  /** Bytes received at upload URLs, by file id, before any completion shares them. */
  readonly uploads = new Map<string, { name: string; bytes: Buffer }>();
  readonly sharedFiles: SharedFile[] = [];
  private fileIds = 0;
  /** Told of each response_url answer as it arrives (benchmarks time it). */
  onResponse: ((id: string) => void) | undefined;
  /** How long Slack takes to answer a response_url post (benchmarks set a real one). */
  responseDelayMs = 0;
  /** Per method, answers to give instead of the default (to inject failures). */
  readonly overrides = new Map<
    string,
    () => { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  >();
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  port = 0;

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const raw = await readBody(req);
      const body = raw.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/upload/')) {
        const upload = this.uploads.get(url.pathname.slice('/upload/'.length));
        if (!upload) return res.writeHead(404).end();
        upload.bytes = await uploadedBytes(raw, req.headers['content-type']);
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
      }
      if (url.pathname.startsWith('/response/')) {
        const id = url.pathname.slice('/response/'.length);
        this.responses.push({ id, body: JSON.parse(body) });
        this.onResponse?.(id);
        if (this.responseDelayMs > 0) await new Promise((done) => setTimeout(done, this.responseDelayMs));
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const args = decodeArgs(body, req.headers['content-type']);
      this.calls.push({ method, args });
      const override = this.overrides.get(method);
      if (override) {
        const answer = override();
        if (answer.delayMs) await new Promise((done) => setTimeout(done, answer.delayMs));
        if (res.destroyed) return;
        res
          .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
          .end(JSON.stringify(answer.body));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method, args)));
    });
    this.sockets = new WebSocketServer({ server: this.server, path: '/link/' });
    this.sockets.on('connection', (socket) => {
      if (process.env.FAKE_DEBUG) {
        console.log('ws connected');
        socket.on('close', () => console.log('ws closed'));
      }
      this.socket = socket;
      socket.on('message', (data) => {
        if (process.env.FAKE_DEBUG) console.log('ws<', String(data).slice(0, 200));
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: {},
          connection_info: { app_id: 'A00FAKEAPP' },
        }),
      );
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string) {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: 'U00FAKEBOT',
          bot_id: 'B00FAKEBOT',
          team_id: FAKE_TEAM,
          team: 'Fake Team',
          url: 'https://fake.slack.invalid/',
        };
      case 'users.info': {
        const id = String(args.user);
        return {
          ok: true,
          user: {
            id,
            name: id.toLowerCase(),
            real_name: this.names.get(id) ?? id,
            profile: { display_name: this.names.get(id) ?? '' },
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return { ok: true, channel: args.channel, ts: `${Date.now() / 1000}`, message_ts: `${Date.now() / 1000}` };
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.fileIds).padStart(8, '0')}`;
        this.uploads.set(id, { name: String(args.filename), bytes: Buffer.alloc(0) });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = args.files as { id: string; title?: string }[];
        if (files.some((f) => !this.uploads.has(f.id))) return { ok: false, error: 'file_not_found' };
        for (const f of files) {
          const upload = this.uploads.get(f.id)!;
          this.sharedFiles.push({
            channel: String(args.channel_id),
            name: upload.name,
            title: f.title ?? upload.name,
            bytes: upload.bytes,
            comment: args.initial_comment as string | undefined,
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V00FAKEVIEW' } };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=fake` };
      default:
        return { ok: true };
    }
  }

  /** Sends a Socket Mode envelope and resolves with the app's ack payload. */
  envelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: unknown,
    envelopeId = `env-${Math.random().toString(36).slice(2)}`,
  ): Promise<unknown> {
    if (!this.socket) throw new Error('no Socket Mode connection');
    const acked = new Promise((done) => this.acks.set(envelopeId, done));
    if (process.env.FAKE_DEBUG) console.log('ws>', envelopeId, type);
    this.socket.send(
      JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: type !== 'events_api', payload }),
    );
    return acked;
  }

  callsOf(method: string) {
    return this.calls.filter((c) => c.method === method);
  }
}

/** Signs a body as Slack does: v0=HMAC-SHA256(secret, "v0:{ts}:{body}"). */
export function slackSignature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  timestamp?: number;
  signature?: string | null;
  secret?: string;
  retry?: number;
  contentType?: string;
}

/** POSTs a raw form body to Bolt as Slack would (the content type exactly, no charset). */
export async function postSigned(
  port: number,
  body: string,
  options: PostOptions = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (options.signature !== null) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? slackSignature(body, timestamp, options.secret);
  }
  if (options.retry !== undefined) {
    headers['x-slack-retry-num'] = String(options.retry);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}
