import { balanceSummary } from '../../../src/credits/balance.ts';
import { teamDetails } from '../../../src/teams/team-details.ts';
import { apiRoute, json } from '../api-route.ts';
import { BalanceSchema, TeamSchema } from '../response-schemas.ts';

/** As `/team info`: any member sees the team; the balance only with billing.view. */
export const getTeam = apiRoute({
  method: 'GET',
  path: '/team',
  operationId: 'getTeam',
  summary: "The key's team: name, Owner, members, running resources, the key's role and permissions",
  permission: null,
  ok: { status: 200, description: 'The team', schema: TeamSchema },
  errors: [],
  async handle({ deps, access }) {
    const { team, role, permissions } = access;
    const { members, liveResources, ownerName } = await teamDetails(deps, access);
    return json(200, {
      id: team.id,
      name: team.name,
      description: team.description,
      personal: team.isPersonal,
      owner: ownerName,
      members,
      runningResources: liveResources,
      role: role.name,
      permissions: [...permissions].sort(),
      ...(permissions.has('billing.view') && { balanceCents: team.balanceCents }),
      currency: deps.invoicing.currency,
      createdAt: team.createdAt.toISOString(),
    });
  },
});

/** As `/credits balance`. */
export const getBalance = apiRoute({
  method: 'GET',
  path: '/balance',
  operationId: 'getBalance',
  summary: 'Balance, low-balance threshold, burn per hour and runway',
  permission: 'billing.view',
  ok: { status: 200, description: 'The balance', schema: BalanceSchema },
  errors: ['permission_denied'],
  async handle({ deps, access }) {
    const summary = await balanceSummary(deps, access);
    return json(200, {
      balanceCents: summary.balanceCents,
      thresholdCents: summary.thresholdCents,
      burnCentsPerHour: summary.burnCentsPerHour,
      runwayHours: summary.runwayHours,
      currency: deps.invoicing.currency,
    });
  },
});
