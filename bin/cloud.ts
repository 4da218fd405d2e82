import type { SesterceConfig } from '../adapters/sesterce/settings.ts';
import type { Job } from '../src/jobs/scheduler.ts';
import type { Logger } from '../src/logger.ts';
import type { ComputeProvider } from '../src/ports/compute.ts';
import type { Metrics } from '../src/ports/metrics.ts';
import type { CatalogSource } from '../src/resources/catalog.ts';
import { reconcileMachines } from '../src/resources/reconcile-machines.ts';

export interface Cloud {
  compute: ComputeProvider;
  catalog: CatalogSource;
  /** Jobs only a real cloud needs: the simulator forgets its machines when Tally stops. */
  jobs: Job[];
  describe(): Record<string, unknown>;
}

/**
 * The cloud behind launches: Sesterce when TALLY_COMPUTE=sesterce (its module loaded only then),
 * otherwise undefined, and the simulator with the catalog file.
 */
export async function cloudOf(
  config: SesterceConfig | undefined,
  log: Logger,
  metrics?: Metrics,
): Promise<Cloud | undefined> {
  if (!config) return undefined;
  const { sesterceCloud } = await import('../adapters/sesterce/sesterce-cloud.ts');
  const cloud = sesterceCloud(config, log, { client: { ...(metrics && { metrics }) } });
  return {
    ...cloud,
    // Every 5 minutes at second 55, off the other jobs.
    jobs: [{ name: 'reconcile-machines', every: '55 */5 * * * *', run: (deps) => reconcileMachines(deps) }],
    describe: () => ({ provider: 'sesterce', api: config.apiUrl, markupPercent: config.markupPercent }),
  };
}
