import type { Logger } from '../../src/logger.ts';
import type { ComputeProvider } from '../../src/ports/compute.ts';
import type { CatalogSource } from '../../src/resources/catalog.ts';
import { type SesterceCatalogOptions, sesterceCatalog } from './sesterce-catalog.ts';
import { type SesterceClientOptions, sesterceClient } from './sesterce-client.ts';
import { type SesterceComputeOptions, sesterceCompute } from './sesterce-compute.ts';
import type { SesterceConfig } from './settings.ts';

export interface SesterceCloud {
  compute: ComputeProvider;
  catalog: CatalogSource;
}

/** What bin/ needs from TALLY_COMPUTE=sesterce: the machines and the live catalog, over one client. */
export function sesterceCloud(
  config: SesterceConfig,
  log: Logger,
  tuning: {
    client?: Partial<SesterceClientOptions>;
    compute?: SesterceComputeOptions;
    catalog?: Partial<SesterceCatalogOptions>;
  } = {},
): SesterceCloud {
  const client = sesterceClient({ apiKey: config.apiKey, apiUrl: config.apiUrl, log, ...tuning.client });
  return {
    compute: sesterceCompute(client, { log, markupPercent: config.markupPercent, ...tuning.compute }),
    catalog: sesterceCatalog(client, { markupPercent: config.markupPercent, log, ...tuning.catalog }),
  };
}
