import type { Clock } from './clock.ts';
import type { PrismaClient } from './db/prisma-client.ts';
import type { Invoicing } from './invoices/invoicing-settings.ts';
import type { Logger } from './logger.ts';
import type { Operators } from './operators/operators.ts';
import type { ComputeProvider } from './ports/compute.ts';
import type { Metrics } from './ports/metrics.ts';
import type { Notifier } from './ports/notifier.ts';
import type { PaymentProvider } from './ports/payments.ts';
import type { CatalogSource } from './resources/catalog.ts';

/** Everything the core needs from outside, passed in so tests use a fixed clock and a real database. */
export interface Deps {
  db: PrismaClient;
  clock: Clock;
  log: Logger;
  /** What can be launched and its price: the catalog file, or the cloud's live offers. */
  catalog: CatalogSource;
  payments: PaymentProvider;
  compute: ComputeProvider;
  notifier: Notifier;
  /** Commands, jobs and outside calls, counted for operations (GET /metrics). */
  metrics: Metrics;
  /** The people who run this Tally: manual top-ups, approvals, promotions and adjustments. */
  operators: Operators;
  /** Base of invite links: `${publicUrl}/join/<code>`. */
  publicUrl: string;
  /** The currency and the seller's details that invoices show. */
  invoicing: Invoicing;
}
