import type { IncomingMessage, ServerResponse } from 'node:http';
import type { REST } from 'discord.js';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { Deps } from '../../src/deps.ts';
import type { Logger } from '../../src/logger.ts';
import { readBody } from '../shared/read-body.ts';
import type { Work } from '../shared/work-queue.ts';
import type { DiscordRoute } from './command-routes.ts';
import { handleInteraction } from './handle-interaction.ts';
import { fromHttp } from './http-io.ts';
import { HttpInteractionSchema } from './interaction-schema.ts';
import { discordPublicKey, isSignedByDiscord } from './verify-signature.ts';

const MAX_BODY = 1_000_000;

function send(res: ServerResponse, status: number, body?: unknown) {
  if (res.headersSent) return;
  res
    .writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' })
    .end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * `POST /discord/interactions`: Ed25519-verified, then the same handler as the gateway. The
 * first answer (defer, reply, modal, choices) is the HTTP response; the rest follows by REST.
 */
export function interactionsEndpoint(options: {
  publicKey: string;
  rest: REST;
  routes: DiscordRoute[];
  deps: Deps;
  work: Work;
  log: Logger;
}) {
  const key = discordPublicKey(options.publicKey);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: Buffer | null;
    try {
      raw = await readBody(req, MAX_BODY);
    } catch {
      return; // the client went away mid-body
    }
    if (!raw) return send(res, 413, { error: 'body too large' });
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (
      !isSignedByDiscord(
        key,
        typeof signature === 'string' ? signature : undefined,
        typeof timestamp === 'string' ? timestamp : undefined,
        raw,
      )
    )
      return send(res, 401, { error: 'invalid request signature' });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'body is not JSON' });
    }
    const checked = HttpInteractionSchema.safeParse(body);
    if (!checked.success) return send(res, 400, { error: 'not an interaction Tally can handle' });
    const interaction = checked.data;
    if (interaction.type === InteractionType.Ping) return send(res, 200, { type: InteractionResponseType.Pong });
    const parsed = fromHttp(options.routes, interaction, options.rest, (body) => send(res, 200, body));
    if (!parsed) return send(res, 400, { error: 'unsupported interaction' });
    try {
      await options.work.track(handleInteraction(options.deps, parsed.io, parsed.incoming, options.work));
    } catch (error) {
      options.log.error('discord interaction failed', { interaction: interaction.id, error: (error as Error).message });
      send(res, 500, { error: 'internal error' });
    }
  };
}
