import type { Deps } from '../deps.ts';
import { TallyError } from '../errors.ts';
import { ProviderKeyRejected, ProviderRefused, ProviderUnavailable } from '../ports/compute.ts';
import type { Catalog } from './catalog.ts';
import { cloudKeyRejected } from './cloud-key.ts';

/** The catalog now; a cloud whose offers cannot be read is said plainly, before anything is charged. */
export async function offersNow(
  deps: Pick<Deps, 'catalog' | 'log' | 'db' | 'clock' | 'operators' | 'compute'>,
): Promise<Catalog> {
  try {
    return await deps.catalog.current();
  } catch (error) {
    if (error instanceof ProviderKeyRejected) throw await cloudKeyRejected(deps, error);
    if (!(error instanceof ProviderUnavailable || error instanceof ProviderRefused)) throw error;
    deps.log.warn("the cloud's offers could not be read", { error: error.message });
    throw new TallyError(
      'provider_unavailable',
      "The cloud's offers cannot be read right now, so nothing was launched or charged. Try again in a minute.",
    );
  }
}
