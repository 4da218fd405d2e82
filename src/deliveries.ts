import { isUniqueViolation } from './db/db-errors.ts';
import type { Deps } from './deps.ts';

/**
 * Adapters call this with the platform's id for a delivery before acting on it: true the first
 * time, false for every repeat (retries, redeliveries), so a repeat is acknowledged and dropped.
 */
export async function claimDelivery(deps: Pick<Deps, 'db' | 'clock'>, key: string): Promise<boolean> {
  try {
    await deps.db.delivery.create({ data: { key, createdAt: deps.clock.now() } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
