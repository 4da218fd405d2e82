import type { Resource } from '../generated/prisma/client.ts';

/** The ledger key of one resource-hour: whoever charges it (metering, a stop), it is charged once. */
export const meterKey = (resourceId: string, periodStart: Date) => `meter:${resourceId}:${periodStart.toISOString()}`;

export const meterReason = (resource: Pick<Resource, 'name' | 'spec'>, periodStart: Date) =>
  `${resource.name} (${resource.spec}) from ${periodStart.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
