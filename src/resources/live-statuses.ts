import type { ResourceStatus } from '../generated/prisma/enums.ts';

/** Statuses of a resource that holds its name and may cost: being launched, starting, running, suspended. */
export const LIVE_STATUSES: ResourceStatus[] = ['provisioning', 'pending', 'running', 'suspended'];
