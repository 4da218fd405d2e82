import type { ApiRoute } from '../api-route.ts';
import { getInvoice, listInvoicesRoute } from './invoice-routes.ts';
import { getLedger } from './ledger-route.ts';
import { getCatalog, launchResourceRoute, listResources, stopResourceRoute } from './resource-routes.ts';
import { getBalance, getTeam } from './team-routes.ts';

/** Every route of /api/v1: the one list the router serves and the OpenAPI document describes. */
export const API_ROUTES: readonly ApiRoute[] = [
  getTeam,
  getBalance,
  getLedger,
  listInvoicesRoute,
  getInvoice,
  getCatalog,
  listResources,
  launchResourceRoute,
  stopResourceRoute,
];
