import { systemClock } from '../src/clock.ts';
import type { Database } from '../src/db/open-database.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import { everybody } from '../src/operators/operators.ts';
import { simulatedCompute } from '../src/ports/compute.ts';
import { noMetrics } from '../src/ports/metrics.ts';
import { noNotifier } from '../src/ports/notifier.ts';
import { manualPayments } from '../src/ports/payments.ts';
import { fixedCatalog, loadCatalog } from '../src/resources/catalog.ts';

/** The core's dependencies as every benchmark runs them: real clock, simulated cloud, nobody notified. */
export function benchDeps(database: Database): Deps {
  return {
    db: database.prisma,
    clock: systemClock,
    log: silentLogger,
    catalog: fixedCatalog(loadCatalog()),
    payments: manualPayments,
    compute: simulatedCompute(),
    notifier: noNotifier,
    metrics: noMetrics,
    operators: everybody,
    publicUrl: 'http://localhost',
    invoicing: { currency: 'USD', seller: null },
  };
}
