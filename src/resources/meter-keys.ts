import { Prisma, type Resource } from '../generated/prisma/client.ts';

/** The ledger key of one resource-hour: whoever charges it (metering, a stop), it is charged once. */
export const meterKey = (resourceId: string, periodStart: Date) => `meter:${resourceId}:${periodStart.toISOString()}`;

export const meterReason = (resource: Pick<Resource, 'name' | 'spec'>, periodStart: Date) =>
  `${resource.name} (${resource.spec}) from ${periodStart.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** meterKey in SQL, of a resource id and a period start (SQL expressions; timestamps are UTC). */
export const meterKeySql = (resourceId: Prisma.Sql, periodStart: Prisma.Sql) =>
  Prisma.sql`'meter:' || ${resourceId} || ':' || to_char(${periodStart}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** meterReason in SQL, of a resource's name and spec and a period start (SQL expressions). */
export const meterReasonSql = (name: Prisma.Sql, spec: Prisma.Sql, periodStart: Prisma.Sql) =>
  Prisma.sql`${name} || ' (' || ${spec} || ') from ' || to_char(${periodStart}, 'YYYY-MM-DD HH24:MI') || ' UTC'`;
