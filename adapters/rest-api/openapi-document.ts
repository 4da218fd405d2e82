import { z } from 'zod';
import { type ErrorCode, httpStatusOf } from '../../src/error-codes.ts';
import type { ApiRoute } from './api-route.ts';
import { BODY_LIMIT } from './read-request.ts';
import { ErrorSchema } from './response-schemas.ts';

type JsonSchema = Record<string, unknown>;

/** A zod schema as the JSON Schema (draft 2020-12) that OpenAPI 3.1 takes: what requests send, or answers hold. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

const STATUS_WORDS: Record<number, string> = {
  400: 'The request is malformed',
  401: 'No API key, or one unknown or revoked',
  402: 'The team has not enough credits: the figures are in the error',
  403: "The key's role lacks the permission, named in the error",
  404: 'Nothing by that name in the team',
  405: 'The path takes other methods',
  409: 'Conflicts with the current state, or with an earlier request of the same Idempotency-Key',
  413: `The body is over ${BODY_LIMIT / 1024} KB`,
  415: 'The body is not application/json',
  422: 'A value is refused: the error names the field',
  429: 'Too many requests with this key: wait Retry-After seconds',
  500: 'Something went wrong on our side: the error carries a reference',
  503: 'A service Tally needs is not there: try again later',
};

/** The codes a route may answer besides its own: every route's, and those of a JSON body or an idempotent request. */
function errorCodes(route: ApiRoute): ErrorCode[] {
  const codes: ErrorCode[] = ['apikey_invalid', 'rate_limited', ...route.errors];
  if (route.params || route.query) codes.push('validation_failed');
  if (route.body) codes.push('unsupported_media_type', 'body_too_large', 'invalid_json', 'validation_failed');
  if (route.idempotency) codes.push('idempotency_key_reused', 'idempotency_in_progress');
  if (route.idempotency === 'required') codes.push('idempotency_key_required');
  return [...new Set(codes)];
}

function errorResponses(route: ApiRoute) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(route))
    byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  byStatus.set(500, []);
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const named = codes.length ? ` (${codes.join(', ')})` : ' (internal_error)';
    responses[String(status)] = {
      description: `${STATUS_WORDS[status] ?? 'Refused'}${named}`,
      content: { 'application/json': { schema: ERROR_REF } },
      ...(status === 429 && {
        headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
      }),
      ...(status === 401 && {
        headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
      }),
    };
  }
  return responses;
}

/** A path or query object's fields as OpenAPI parameters. */
function parameters(where: 'path' | 'query', schema: z.ZodType | undefined) {
  if (!schema) return [];
  const shape = (schema as z.ZodObject).shape;
  return Object.entries(shape).map(([name, field]) => {
    const fieldSchema = jsonSchema(field, 'input');
    return {
      name,
      in: where,
      // A field that takes undefined (optional, or with a default) may be left out.
      required: where === 'path' || !field.safeParse(undefined).success,
      ...(typeof fieldSchema.description === 'string' && { description: fieldSchema.description }),
      schema: fieldSchema,
    };
  });
}

function operation(route: ApiRoute) {
  const idempotencyHeader = route.idempotency && {
    name: 'Idempotency-Key',
    in: 'header',
    required: route.idempotency === 'required',
    description:
      'A unique value per request (a UUID): the same key and body answer the first answer again ' +
      '(with Idempotent-Replayed: true); the same key with another body is refused (409). Kept 24 hours.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  };
  const json = { schema: jsonSchema(route.ok.schema, 'output') };
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.permission
      ? `Needs the ${route.permission} permission in the key's role.`
      : 'Any key of the team may call it.',
    'x-permission': route.permission,
    parameters: [
      ...parameters('path', route.params),
      ...parameters('query', route.query),
      ...(idempotencyHeader ? [idempotencyHeader] : []),
    ],
    ...(route.body && {
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } },
    }),
    responses: {
      [String(route.ok.status)]: {
        description: route.ok.description,
        content: {
          'application/json': json,
          ...(route.ok.pdf && {
            'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
          }),
        },
        ...(route.idempotency && {
          headers: {
            'Idempotent-Replayed': {
              description: 'true on a replayed answer',
              schema: { type: 'string', enum: ['true'] },
            },
          },
        }),
      },
      ...errorResponses(route),
    },
  };
}

/** The document of /api/v1, generated from the routes' own schemas. */
export function openApiDocument(routes: readonly ApiRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        security: [],
        responses: {
          '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
  };
  for (const route of routes)
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tally team API',
      version: '1',
      description:
        "A team's balance, ledger, invoices, catalog and resources, with a team API key acting with the role " +
        'chosen when it was created (`/team apikey create <name> role:<role>`). Money is in integer cents ' +
        'with the currency; times are ISO 8601.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorSchema, 'output') },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'tly_…', description: 'A team API key' },
      },
    },
  };
}
