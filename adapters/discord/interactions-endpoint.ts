import type { REST } from 'discord.js';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { Deps } from '../../src/deps.ts';
import type { Logger } from '../../src/logger.ts';
import { readBody } from '../http/read-body.ts';
import type { Work } from '../shared/work-queue.ts';
import type { DiscordRoute } from './command-routes.ts';
import { handleInteraction } from './handle-interaction.ts';
import { fromHttp } from './http-io.ts';
import { HttpInteractionSchema } from './interaction-schema.ts';
import { discordPublicKey, isSignedByDiscord } from './verify-signature.ts';

const MAX_BODY = 1_000_000;

const json = (status: number, body: unknown) => Response.json(body, { status });

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
  return async (request: Request): Promise<Response> => {
    let raw: Buffer | null;
    try {
      raw = await readBody(request, MAX_BODY);
    } catch {
      return new Response(null, { status: 400 }); // the client went away mid-body
    }
    if (!raw) return json(413, { error: 'body too large' });
    const signature = request.headers.get('x-signature-ed25519') ?? undefined;
    const timestamp = request.headers.get('x-signature-timestamp') ?? undefined;
    if (!isSignedByDiscord(key, signature, timestamp, raw)) return json(401, { error: 'invalid request signature' });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    const checked = HttpInteractionSchema.safeParse(body);
    if (!checked.success) return json(400, { error: 'not an interaction Tally can handle' });
    const interaction = checked.data;
    if (interaction.type === InteractionType.Ping) return json(200, { type: InteractionResponseType.Pong });
    // The first answer the handler gives is the HTTP response; the handler goes on after it.
    let respond!: (response: Response) => void;
    const first = new Promise<Response>((resolve) => (respond = resolve));
    const parsed = fromHttp(options.routes, interaction, options.rest, (answer) => respond(json(200, answer)));
    if (!parsed) return json(400, { error: 'unsupported interaction' });
    options.work.track(handleInteraction(options.deps, parsed.io, parsed.incoming, options.work)).then(
      () => respond(json(500, { error: 'no answer' })), // a no-op once answered
      (error: Error) => {
        options.log.error('discord interaction failed', { interaction: interaction.id, error: error.message });
        respond(json(500, { error: 'internal error' }));
      },
    );
    return first;
  };
}
