import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { LocalFake } from './local-fake.ts';

export const APP_ID = '100000000000000001';
export const BOT_ID = '100000000000000002';
export const GUILD_ID = '100000000000000003';
export const CHANNEL_ID = '100000000000000004';

export interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** Files of a multipart request (`files[n]` parts), with their bytes. */
  files: { field: string; name: string; bytes: Buffer }[];
}

/** An answer the fake gives instead of the normal one; `delayMs` past the client's timeout makes a timeout. */
export interface Fault {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A JSON body, or a multipart one (payload_json plus files) as discord.js sends attachments. */
async function readBody(req: IncomingMessage): Promise<Pick<Recorded, 'body' | 'files'>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    const files: Recorded['files'] = [];
    for (const [field, value] of form)
      if (typeof value !== 'string')
        files.push({ field, name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
    const json = form.get('payload_json');
    return { body: typeof json === 'string' ? JSON.parse(json) : {}, files };
  }
  return { body: raw.length ? JSON.parse(raw.toString('utf8')) : {}, files: [] };
}

export function fakeUser(id: string, username: string) {
  return { id, username, global_name: username, discriminator: '0', avatar: null, bot: false };
}

/** A message as Discord returns it, from what the bot sent. */
export function fakeMessage(
  id: string,
  channelId: string,
  body: { content?: unknown; embeds?: unknown; components?: unknown; flags?: unknown },
) {
  return {
    id,
    channel_id: channelId,
    author: { ...fakeUser(BOT_ID, 'Tally'), bot: true },
    content: body.content ?? '',
    timestamp: '2026-11-25T09:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    type: 0,
    flags: body.flags ?? 0,
  };
}

/**
 * A local stand-in for Discord: REST under /api/v10 and a gateway WebSocket. Interaction
 * callbacks, webhook edits and follow-ups and DMs are recorded for assertions.
 */
export class FakeDiscord extends LocalFake {
  readonly requests: Recorded[] = [];
  /** Told of each request as it arrives (benchmarks time it). */
  onRequest: ((request: Recorded) => void) | undefined;
  /** A fault to answer a request with instead of the normal answer, optionally late (a timeout). */
  fault: ((request: Recorded) => Fault | undefined) | undefined;
  /** People who refuse DMs from the bot (Discord answers 50007). */
  readonly blocksDms = new Set<string>();
  /** Each interaction's original answer as Discord would show it now, by token: deferred ("thinking…"), edited, or deleted. */
  readonly originals = new Map<string, ReturnType<typeof fakeMessage>>();
  port = 0;
  private socket: WebSocket | undefined;
  private sequence = 0;
  private messages = 0;

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const { body, files } = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/api\/v10/, '');
      const method = req.method ?? 'GET';
      this.requests.push({ method, path, body, files });
      this.onRequest?.({ method, path, body, files });
      const fault = this.fault?.({ method, path, body, files });
      if (fault) {
        if (fault.delayMs) await new Promise((done) => setTimeout(done, fault.delayMs));
        if (!res.destroyed)
          res
            .writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
            .end(JSON.stringify(fault.body));
        return;
      }
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (path === '/gateway/bot')
        return json(200, {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        });
      const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(path);
      if (callback) {
        this.keepOriginal(callback[1]!, body);
        return res.writeHead(204).end();
      }
      const original = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(path);
      if (original && method === 'GET') {
        const shown = this.originals.get(original[1]!);
        return shown ? json(200, shown) : json(404, { message: 'Unknown Message', code: 10008 });
      }
      if (original && method === 'PATCH') this.originals.set(original[1]!, this.message(CHANNEL_ID, body));
      if (original && method === 'DELETE') this.originals.delete(original[1]!);
      if (method === 'DELETE') return res.writeHead(204).end();
      const user = /^\/users\/(\d+)$/.exec(path);
      if (user) return json(200, fakeUser(user[1]!, `user${user[1]!.slice(-3)}`));
      if (path === '/users/@me/channels')
        return json(200, {
          id: `9${String(body.recipient_id).slice(1)}`,
          type: 1,
          recipients: [fakeUser(String(body.recipient_id), 'dm')],
        });
      const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
      if (channel && [...this.blocksDms].some((id) => channel[1] === `9${id.slice(1)}`))
        return json(403, { message: 'Cannot send messages to this user', code: 50007 });
      if (channel || /^\/webhooks\//.test(path)) return json(200, this.message(channel?.[1] ?? CHANNEL_ID, body));
      if (/^\/applications\/\d+\/(guilds\/\d+\/)?commands$/.test(path))
        return json(200, (body as unknown as unknown[]) ?? []);
      json(404, { message: 'Unknown route', code: 0 });
    });
    this.sockets = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.sockets.on('connection', (socket) => {
      this.socket = socket;
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
      socket.on('message', (data) => {
        const packet = JSON.parse(String(data)) as { op: number };
        if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
        if (packet.op === 2) this.ready();
      });
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private message(channelId: string, body: Record<string, unknown>) {
    return fakeMessage(String(200000000000000000n + BigInt(++this.messages)), channelId, body);
  }

  /** A deferral shows a placeholder with the Loading flag (128) until it is edited; a reply shows at once. */
  private keepOriginal(token: string, callback: Record<string, unknown>) {
    const data = (callback.data ?? {}) as { flags?: number };
    if (callback.type === 5) this.originals.set(token, this.message(CHANNEL_ID, { flags: 128 | (data.flags ?? 0) }));
    if (callback.type === 4) this.originals.set(token, this.message(CHANNEL_ID, data));
  }

  /** An interaction deferred as over the HTTP endpoint, where the deferral is the endpoint's own answer and never reaches this fake. */
  deferred(token: string, ephemeral: boolean) {
    this.keepOriginal(token, { type: 5, data: { flags: ephemeral ? 64 : 0 } });
  }

  private dispatch(t: string, d: unknown) {
    this.socket?.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
  }

  private ready() {
    this.dispatch('READY', {
      v: 10,
      user: { ...fakeUser(BOT_ID, 'Tally'), bot: true },
      guilds: [{ id: GUILD_ID, unavailable: true }],
      session_id: 'fake-session',
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      shard: [0, 1],
      application: { id: APP_ID, flags: 0 },
    });
    this.dispatch('GUILD_CREATE', {
      id: GUILD_ID,
      name: 'Fake Guild',
      icon: null,
      owner_id: BOT_ID,
      features: [],
      roles: [],
      emojis: [],
      stickers: [],
      channels: [
        { id: CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID, position: 0, permission_overwrites: [] },
      ],
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      member_count: 3,
      large: false,
      unavailable: false,
      joined_at: new Date().toISOString(),
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
    });
  }

  /** Sends INTERACTION_CREATE over the gateway. */
  interact(payload: unknown) {
    this.dispatch('INTERACTION_CREATE', payload);
  }

  /** Requests about one interaction: its callback, edits of its original reply, and its follow-ups. */
  about(interactionId: string, token: string) {
    return this.requests.filter(
      (r) => r.path.startsWith(`/interactions/${interactionId}/`) || r.path.includes(`/webhooks/${APP_ID}/${token}`),
    );
  }
}
