import type { z } from 'zod';
import { InsufficientCredits } from '../../../src/credits/ledger.ts';
import { TallyError } from '../../../src/errors.ts';
import { formatCents } from '../../../src/money.ts';
import { launchResource } from '../../../src/resources/launch-resource.ts';
import { offersNow } from '../../../src/resources/offers-now.ts';
import type { LaunchRequest } from '../../../src/resources/pricing.ts';
import { listLiveResources, stopResource } from '../../../src/resources/stop-resource.ts';
import { resourceJson } from '../api-json.ts';
import { apiRoute, json } from '../api-route.ts';
import { LaunchBodySchema, ResourceNameParams } from '../request-schemas.ts';
import { CatalogSchema, ResourceListSchema, ResourceSchema, StoppedSchema } from '../response-schemas.ts';

/** As `/launch catalog`, which any member may read. */
export const getCatalog = apiRoute({
  method: 'GET',
  path: '/catalog',
  operationId: 'getCatalog',
  summary: 'What can be launched, and the price per hour',
  permission: null,
  ok: { status: 200, description: 'The catalog', schema: CatalogSchema },
  errors: ['provider_unavailable'],
  async handle({ deps }) {
    const catalog = await offersNow(deps);
    const offer = ({ id, label, hourly }: { id: string; label: string; hourly: number }) => ({
      id,
      label,
      hourlyCents: hourly,
    });
    return json(200, {
      currency: deps.invoicing.currency,
      instances: catalog.instances.map((o) => ({
        ...offer(o),
        ...(o.gpu !== undefined && { gpu: o.gpu }),
        ...(o.gpuCount !== undefined && { gpuCount: o.gpuCount }),
        ...(o.regions && { regions: o.regions }),
        ...(o.os && { os: o.os }),
      })),
      inference: catalog.inference.map(offer),
      volumes: {
        perGbMonthCents: catalog.volumes.perGbMonth,
        minGb: catalog.volumes.minGb,
        maxGb: catalog.volumes.maxGb,
      },
    });
  },
});

/** As `/resources`. */
export const listResources = apiRoute({
  method: 'GET',
  path: '/resources',
  operationId: 'listResources',
  summary: 'Live resources: name, kind, IP, status, who launched it, cost per hour',
  permission: 'resources.view',
  ok: { status: 200, description: 'The live resources', schema: ResourceListSchema },
  errors: ['permission_denied'],
  async handle({ deps, access }) {
    const resources = await listLiveResources(deps, access);
    return json(200, { resources: resources.map((r) => resourceJson(r, deps.invoicing.currency)) });
  },
});

function launchRequest(body: z.output<typeof LaunchBodySchema>): LaunchRequest {
  switch (body.kind) {
    case 'instance': {
      const { sshKey, ...rest } = body;
      return { ...rest, ...(sshKey !== undefined && { sshKeyName: sshKey }) };
    }
    case 'inference':
      return body;
    case 'volume':
      return { kind: 'volume', sizeGb: body.sizeGb, name: body.name };
  }
}

/** As `/launch instance|inference|volume`: the first hour is charged now. */
export const launchResourceRoute = apiRoute({
  method: 'POST',
  path: '/resources',
  operationId: 'launchResource',
  summary: 'Launch an instance, an inference endpoint or a volume; the first hour is charged now',
  permission: 'resources.launch',
  body: LaunchBodySchema,
  idempotency: 'required',
  ok: { status: 201, description: 'Launched (or being launched: see status)', schema: ResourceSchema },
  errors: [
    'permission_denied',
    'validation_failed',
    'insufficient_credits',
    'resource_name_taken',
    'unknown_offer',
    'unknown_region',
    'unknown_os',
    'invalid_size',
    'ssh_key_not_found',
    'provider_refused',
    'provider_unavailable',
  ],
  async handle({ deps, caller, access, body, idempotencyKey }) {
    const request = launchRequest(body);
    const currency = deps.invoicing.currency;
    try {
      // Keyed by the key and its Idempotency-Key: a retry after a lost answer never charges twice.
      const key = `api:${caller.key.id}:${idempotencyKey}`;
      const { resource } = await launchResource(deps, caller.actor, access, request, key);
      return json(201, resourceJson(resource, currency));
    } catch (error) {
      if (!(error instanceof InsufficientCredits)) throw error;
      const { neededCents, balanceCents } = error;
      const shortfallCents = neededCents - balanceCents;
      throw new TallyError(
        'insufficient_credits',
        `${access.team.name} does not have enough credits to launch ${request.kind} ${request.name}: ` +
          `the first hour costs ${formatCents(neededCents)} ${currency}, the balance is ` +
          `${formatCents(balanceCents)} ${currency}. ` +
          "Nothing was created or charged; the team's billing roles were told.",
        {
          costCents: neededCents,
          balanceCents,
          shortfallCents,
          currency,
          cost: formatCents(neededCents),
          balance: formatCents(balanceCents),
          shortfall: formatCents(shortfallCents),
        },
      );
    }
  },
});

/** As `/resources stop <name>`: unused whole minutes of the paid hour are refunded. */
export const stopResourceRoute = apiRoute({
  method: 'DELETE',
  path: '/resources/{name}',
  operationId: 'stopResource',
  summary: 'Stop a resource; the answer says what was refunded',
  permission: 'resources.manage',
  params: ResourceNameParams,
  idempotency: 'optional',
  ok: { status: 200, description: 'Stopped, with the refund', schema: StoppedSchema },
  errors: ['permission_denied', 'resource_not_found', 'resource_changed'],
  async handle({ deps, caller, access, params }) {
    const { resource, refundCents } = await stopResource(deps, caller.actor.userId, access, params.name);
    const currency = deps.invoicing.currency;
    const stopped = { ...resource, status: 'stopped' as const };
    return json(200, { resource: resourceJson(stopped, currency), refundCents, currency });
  },
});
