import type { App, BlockButtonAction } from '@slack/bolt';
import { findCommand } from '../../../src/commands/index.ts';
import { claimDelivery } from '../../../src/deliveries.ts';
import type { Deps } from '../../../src/deps.ts';
import { dispatch } from '../../../src/dispatch.ts';
import { failure } from '../../../src/reply.ts';
import { decodeButton } from '../button-value.ts';
import { deliver } from '../deliver.ts';
import { lacksRequired, openForm } from '../forms.ts';
import { slackIdentity, SLACK } from '../slack-people.ts';
import { publishHome } from './app-home.ts';
import type { Work } from '../../shared/work-queue.ts';

/** Every Tally button: decode, maybe open its form, else run its command through dispatch. */
export function registerButtons(app: App, deps: Deps, work: Work) {
  app.action<BlockButtonAction>(/^tally:\d+$/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const audience = { client, log: deps.log, userId: body.user.id, respond: body.response_url ? respond : undefined, channelId: body.channel?.id };
    const value = decodeButton(action.value);
    if (!value || !findCommand(value.c)) {
      await deliver(audience, failure('That button is no longer valid. Run the command again for a fresh one.'));
      return;
    }
    if (value.f || lacksRequired(value.c, value.a)) {
      await openForm(client, body.trigger_id, value.c, value.a, body.channel?.id);
      return;
    }
    await work(async () => {
      if (!(await claimDelivery(deps, `slack:action:${body.trigger_id}:${action.action_id}`))) return;
      const workspaceId = body.team?.id ?? body.user.team_id ?? '';
      const identity = slackIdentity(deps, client, workspaceId, body.user.id, body.user.username);
      // The same button of the same message is one intent: a double click must not pay twice.
      const messageTs = body.container?.message_ts ?? body.message?.ts ?? body.trigger_id;
      const reply = await dispatch(deps, {
        identity,
        path: value.c,
        args: value.a,
        idempotencyKey: `slack:button:${messageTs}:${action.action_id}:${body.user.id}`,
        origin: { platform: SLACK, ...(body.channel?.id && { channelId: body.channel.id }) },
      });
      await deliver(audience, reply);
      if (body.view?.type === 'home') await publishHome(deps, client, workspaceId, body.user.id);
    });
  });
}
