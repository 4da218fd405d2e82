import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Either the client or a transaction: core functions that only read accept both. */
export type Db = PrismaClient | Tx;

type AdapterFactory = NonNullable<NonNullable<ConstructorParameters<typeof PrismaClient>[0]>['adapter']>;

export function createPrismaClient(adapter: AdapterFactory): PrismaClient {
  return new PrismaClient({
    adapter,
    // Under load (200 checkouts at once) transactions queue for a pooled connection:
    // waiting is fine, failing after Prisma's 2 s default is not.
    transactionOptions: { maxWait: 60_000, timeout: 60_000 },
  });
}
