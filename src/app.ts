import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/open-database.ts';
import type { Deps } from './deps.ts';
import type { Logger } from './logger.ts';
import { simulatedCompute, type ComputeProvider } from './ports/compute.ts';
import { noNotifier, type Notifier } from './ports/notifier.ts';
import { manualPayments, type PaymentProvider } from './ports/payments.ts';
import { loadCatalog } from './resources/catalog.ts';

export interface App {
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  clock?: Clock;
  notifier?: Notifier;
  payments?: PaymentProvider;
  compute?: ComputeProvider;
  onFirstBoot?: () => void;
}

/** Opens storage (migrating it) and wires the core's dependencies. Adapters are added by main. */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const catalog = loadCatalog(config.catalogFile);
  const database = await openDatabase(config.database, { log: options.log, ...(options.onFirstBoot && { onFirstBoot: options.onFirstBoot }) });
  const deps: Deps = {
    db: database.prisma,
    clock: options.clock ?? systemClock,
    log: options.log,
    catalog,
    payments: options.payments ?? manualPayments,
    compute: options.compute ?? simulatedCompute(),
    notifier: options.notifier ?? noNotifier,
    publicUrl: config.publicUrl,
  };
  return { deps, database, close: () => database.close() };
}
