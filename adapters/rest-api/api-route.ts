import type { z } from 'zod';
import type { ApiCaller } from '../../src/apikeys/api-keys.ts';
import type { Deps } from '../../src/deps.ts';
import type { ErrorCode } from '../../src/error-codes.ts';
import type { Permission } from '../../src/roles/permissions.ts';
import type { TeamContext } from '../../src/teams/team-context.ts';
import type { JsonAnswer } from './api-errors.ts';

/** An answer that is a file (an invoice's PDF), never stored for replays. */
export interface FileAnswer {
  status: number;
  file: { bytes: Uint8Array; contentType: string; name: string };
}

export type ApiAnswer = JsonAnswer | FileAnswer;

/** What a route's handler gets: the request checked against its schemas, the key's team checked for its permission. */
export interface ApiCall<P, Q, B, Perm extends Permission | null> {
  deps: Deps;
  caller: ApiCaller;
  access: TeamContext<Perm>;
  params: P;
  query: Q;
  body: B;
  request: Request;
  /** The Idempotency-Key header, when the request has one. */
  idempotencyKey: string | undefined;
}

/**
 * One route of the API, as the router serves it and the OpenAPI document describes it: the same
 * schemas validate the request and are the document's.
 */
export interface RouteDefinition<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  Perm extends Permission | null,
> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Under /api/v1, in OpenAPI's form: `/resources/{name}`. */
  path: string;
  operationId: string;
  summary: string;
  /** The permission the key's role needs in its team, as chat's command for the same thing; null: any key. */
  permission: Perm;
  params?: P;
  query?: Q;
  /** A JSON body (Content-Type: application/json), at most 64 KB. */
  body?: B;
  /** Whether an Idempotency-Key header is required, optional, or not read. */
  idempotency?: 'required' | 'optional';
  /** The answer when all goes well. */
  ok: { status: 200 | 201; description: string; schema: z.ZodType; pdf?: boolean };
  /** What else this route may answer, besides what every route may (401, 429, 500). */
  errors: ErrorCode[];
  handle(call: ApiCall<z.output<P>, z.output<Q>, z.output<B>, Perm>): Promise<ApiAnswer>;
}

export type ApiRoute = RouteDefinition<z.ZodType, z.ZodType, z.ZodType, Permission | null>;

/** Declares a route; its handler's arguments are typed from its schemas and permission. */
export function apiRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  const Perm extends Permission | null = null,
>(definition: RouteDefinition<P, Q, B, Perm>): ApiRoute {
  return definition as unknown as ApiRoute;
}

export const json = (status: number, body: unknown): JsonAnswer => ({ status, body });
