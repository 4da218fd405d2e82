import { type ApiCaller, authenticateApiKey } from '../../src/apikeys/api-keys.ts';
import { answerOnce, type StoredAnswer } from '../../src/apikeys/idempotent-requests.ts';
import type { Deps } from '../../src/deps.ts';
import { isTallyError, TallyError } from '../../src/errors.ts';
import { plural } from '../../src/format.ts';
import { sha256Hex } from '../../src/ids.ts';
import { logWithReference } from '../../src/logger.ts';
import { secondsSince } from '../../src/ports/metrics.ts';
import { authorizeTeam } from '../../src/teams/team-context.ts';
import { bearerToken } from '../http/bearer-token.ts';
import { errorAnswer, errorHeaders, type JsonAnswer } from './api-errors.ts';
import type { ApiAnswer, ApiRoute } from './api-route.ts';
import { canonicalJson, idempotencyKeyOf, readJson, validate } from './read-request.ts';
import type { TokenBuckets } from './token-bucket.ts';

export interface ApiEnv {
  deps: Deps;
  buckets: TokenBuckets;
}

const PRIVATE = { 'Cache-Control': 'no-store' };

function jsonResponse(answer: JsonAnswer, headers: Record<string, string> = {}): Response {
  return Response.json(answer.body, { status: answer.status, headers: { ...PRIVATE, ...headers } });
}

export function errorResponse(error: TallyError): Response {
  return jsonResponse(errorAnswer(error), errorHeaders(error));
}

async function authenticate(deps: Deps, request: Request): Promise<ApiCaller> {
  const token = bearerToken(request);
  if (!token)
    throw new TallyError(
      'apikey_invalid',
      'Send a team API key: Authorization: Bearer tly_… (see /team apikey create).',
    );
  const caller = await authenticateApiKey(deps, token);
  if (!caller) throw new TallyError('apikey_invalid', 'This API key is unknown or was revoked.');
  return caller;
}

/** Expected failures become answers, so that an idempotent request's refusal (a 402) replays too. */
async function answered(run: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  try {
    return await run();
  } catch (error) {
    if (isTallyError(error)) return errorAnswer(error);
    throw error;
  }
}

function stored(answer: ApiAnswer): StoredAnswer {
  if ('file' in answer) throw new Error('a file answer cannot be stored for replays');
  return answer;
}

function toResponse(answer: ApiAnswer, replayed: boolean): Response {
  if ('file' in answer)
    return new Response(answer.file.bytes, {
      status: answer.status,
      headers: {
        ...PRIVATE,
        'Content-Type': answer.file.contentType,
        'Content-Disposition': `attachment; filename="${answer.file.name}"`,
      },
    });
  return jsonResponse(answer, replayed ? { 'Idempotent-Replayed': 'true' } : {});
}

/**
 * One request to one route, in the order that tells a caller the first thing wrong: who it is
 * (401), how fast it asks (429), what it sent (415, 413, 400, 422), what its role may do (403),
 * then the route, once per Idempotency-Key.
 */
async function answer(route: ApiRoute, request: Request, pathParams: Record<string, string>, env: ApiEnv) {
  const { deps } = env;
  const caller = await authenticate(deps, request);
  const waitSeconds = env.buckets.take(caller.key.id);
  if (waitSeconds > 0)
    throw new TallyError(
      'rate_limited',
      `Too many requests with this API key: try again in ${plural(waitSeconds, 'second')}.`,
      { retryAfterSeconds: waitSeconds },
    );
  const params = route.params ? validate(route.params, pathParams, 'path') : undefined;
  const url = new URL(request.url);
  const query = route.query ? validate(route.query, Object.fromEntries(url.searchParams), 'query') : undefined;
  const raw = route.body ? await readJson(request) : undefined;
  const body = route.body ? validate(route.body, raw, 'body') : undefined;
  const access = authorizeTeam(caller.team, route.permission);
  const idempotencyKey = idempotencyKeyOf(request, route.idempotency);
  const run = () =>
    answered(() => route.handle({ deps, caller, access, params, query, body, request, idempotencyKey }));
  if (idempotencyKey === undefined) return toResponse(await run(), false);
  // The same key with the same request (its JSON, key order aside) replays; with another, it is refused.
  const fingerprint = sha256Hex(`${request.method}\n${url.pathname}\n${raw === undefined ? '' : canonicalJson(raw)}`);
  const once = await answerOnce(deps, { apiKeyId: caller.key.id, idempotencyKey, fingerprint }, async () =>
    stored(await run()),
  );
  return toResponse(once.answer, once.replayed);
}

/** The route's answer; an expected failure as its error; anything else a 500 with a reference logged. */
export async function serveRoute(
  route: ApiRoute,
  request: Request,
  pathParams: Record<string, string>,
  env: ApiEnv,
): Promise<Response> {
  const started = performance.now();
  let response: Response;
  try {
    response = await answer(route, request, pathParams, env);
  } catch (error) {
    response = isTallyError(error) ? errorResponse(error) : internalError(env.deps, request, error);
  }
  env.deps.metrics.apiRequestHandled({
    route: `${route.method} ${route.path}`,
    status: response.status,
    seconds: secondsSince(started),
  });
  return response;
}

/** Never the error itself: its reference, which the log line carries with the details. */
export function internalError(deps: Pick<Deps, 'log'>, request: Request, error: unknown): Response {
  const reference = logWithReference(deps.log, 'REST API request failed', {
    method: request.method,
    path: new URL(request.url).pathname,
    error: (error as Error)?.message ?? String(error),
    stack: (error as Error)?.stack,
  });
  const message =
    `Something went wrong on our side (reference ${reference}). ` +
    'Please try again; if it keeps happening, tell whoever runs this Tally this reference.';
  return Response.json({ error: { code: 'internal_error', message, reference } }, { status: 500, headers: PRIVATE });
}
