import { type Clock, systemClock } from './clock.ts';
import { type Config, settingError } from './config.ts';
import { type Database, openDatabase } from './db/open-database.ts';
import type { Deps } from './deps.ts';
import { isTallyError } from './errors.ts';
import type { Logger } from './logger.ts';
import { type Operators, operatorList } from './operators/operators.ts';
import { type ComputeProvider, simulatedCompute } from './ports/compute.ts';
import { type Metrics, noMetrics } from './ports/metrics.ts';
import { type Notifier, noNotifier } from './ports/notifier.ts';
import { manualPayments, type PaymentProvider } from './ports/payments.ts';
import { type Catalog, type CatalogSource, fixedCatalog, loadCatalog } from './resources/catalog.ts';

export interface App {
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  clock?: Clock;
  notifier?: Notifier;
  metrics?: Metrics;
  payments?: PaymentProvider;
  compute?: ComputeProvider;
  /** The cloud's live offers; the catalog file (TALLY_CATALOG_FILE) when not given. */
  catalog?: CatalogSource;
  /** Nobody when not given. */
  operators?: Operators;
  onFirstBoot?: () => void;
}

/** The catalog, or a start-up error naming the setting that points at it. */
function catalogOf(config: Config): Catalog {
  try {
    return loadCatalog(config.catalogFile);
  } catch (error) {
    throw settingError('TALLY_CATALOG_FILE', (error as Error).message);
  }
}

/** Opens storage (migrating it) and wires the core's dependencies. Adapters are added by main. */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const catalog = options.catalog ?? fixedCatalog(catalogOf(config));
  const database = await openDatabase(config.database, {
    log: options.log,
    ...(options.onFirstBoot && { onFirstBoot: options.onFirstBoot }),
  }).catch((error: unknown) => {
    throw isTallyError(error) && error.code === 'database_unavailable'
      ? settingError('DATABASE_URL', error.message)
      : error;
  });
  const deps: Deps = {
    db: database.prisma,
    clock: options.clock ?? systemClock,
    log: options.log,
    catalog,
    payments: options.payments ?? manualPayments,
    compute: options.compute ?? simulatedCompute(),
    notifier: options.notifier ?? noNotifier,
    metrics: options.metrics ?? noMetrics,
    operators: options.operators ?? operatorList([]),
    publicUrl: config.publicUrl,
    invoicing: config.invoicing,
  };
  return { deps, database, close: () => database.close() };
}
