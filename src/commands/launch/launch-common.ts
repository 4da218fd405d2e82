import { InsufficientCredits } from '../../credits/ledger.ts';
import { formatTime } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { button, failure, type Reply, success } from '../../reply.ts';
import { connectionFields } from '../../resources/connection.ts';
import { launchResource } from '../../resources/launch-resource.ts';
import type { LaunchRequest } from '../../resources/pricing.ts';
import { md } from '../../rich-text.ts';
import type { TeamCommandContext } from '../define.ts';
import { opt } from '../options.ts';

const ADD_A_KEY = md`add one with \`/resources sshkey add\` and launch with it.`;

export const RESOURCE_NAME = opt.text('name', 'Name for the resource', {
  max: 40,
  label: 'resource name',
  lowercase: true,
  pattern: /^[a-z0-9][a-z0-9_.-]*$/,
  patternHint: 'must start with a letter or digit and hold only letters, digits, dots, dashes and underscores',
});

/** SPEC §4.4: what it cost, the balance, the shortfall, and the one button the caller can use. */
type LaunchContext = TeamCommandContext<unknown, 'resources.launch'>;

function checkoutFailure({ team, access }: LaunchContext, request: LaunchRequest, error: InsufficientCredits): Reply {
  const canTopUp = access.permissions.has('billing.manage');
  const what = md`${request.kind} *${request.name}*`;
  return failure(md`*${team.name}* does not have enough credits to launch ${what}. Nothing was created or charged.`, {
    title: 'Checkout failed',
    fields: [
      { label: 'First hour costs', value: formatCents(error.neededCents) },
      { label: 'Balance', value: formatCents(error.balanceCents) },
      { label: 'Shortfall', value: formatCents(error.neededCents - error.balanceCents) },
    ],
    buttons: canTopUp
      ? [button('Top up', 'credits add', { team: team.id }, { style: 'primary' })]
      : [button('Notify owners', 'credits notify', { team: team.id }, { style: 'primary' })],
  });
}

export async function launch(ctx: LaunchContext, request: LaunchRequest): Promise<Reply> {
  try {
    const { resource, priced, replayed } = await launchResource(
      ctx.deps,
      ctx.actor,
      ctx.access,
      request,
      ctx.idempotencyKey,
    );
    const running = resource.status === 'running';
    const starting = md`The cloud is starting it: you'll get a message with how to connect when it is up.`;
    const what = md`${request.kind} *${resource.name}* in *${ctx.team.name}*`;
    const text = running
      ? md`${replayed ? 'Already launched: ' : 'Launched '}${what}.`
      : md`${replayed ? 'Already launching' : 'Launching'} ${what}. ${starting}`;
    // An instance nobody can log in to is worth saying before it costs a second hour.
    const keyless =
      request.kind === 'instance' && !resource.sshKey
        ? md` No SSH key was given, so nobody can log in to it: ${ADD_A_KEY}`
        : '';
    return success(md`${text}${keyless}`, {
      fields: [
        { label: 'Type', value: priced.label },
        { label: 'Status', value: resource.status },
        ...(resource.ipAddress ? [{ label: 'IP', value: resource.ipAddress }] : []),
        { label: 'Cost', value: `${formatCents(resource.hourlyCents)} per hour` },
        {
          label: 'Paid until',
          value: running ? formatTime(resource.paidUntil) : 'an hour from when it is up (charged now)',
        },
        ...connectionFields(resource),
      ],
      buttons: [
        button(
          'Stop',
          'resources stop',
          { team: ctx.team.id, name: resource.name },
          { style: 'danger', confirm: `Stop ${resource.name}?` },
        ),
      ],
    });
  } catch (error) {
    if (!(error instanceof InsufficientCredits)) throw error;
    return checkoutFailure(ctx, request, error);
  }
}
