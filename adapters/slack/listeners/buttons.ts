import type { App, BlockButtonAction } from '@slack/bolt';
import { findCommand } from '../../../src/commands/index.ts';
import type { Deps } from '../../../src/deps.ts';
import { failure } from '../../../src/reply.ts';
import type { Work } from '../../shared/work-queue.ts';
import { LINK_ACTION } from '../block-kit.ts';
import { decodeButton } from '../button-value.ts';
import { deliver } from '../deliver.ts';
import { lacksRequired, openCommandForm } from '../open-command-form.ts';
import { handleSlackEvent } from '../slack-inbound.ts';
import { SLACK } from '../slack-people.ts';

/** Every Tally button: decode, maybe open its form, else run its command through the one inbound path. */
export function registerButtons(app: App, deps: Deps, work: Work) {
  // A link button (a payment page) opened in the browser: Slack reports the click, nothing to run.
  app.action(new RegExp(`^${LINK_ACTION}tally:\\d+$`), async ({ ack }) => {
    await ack();
  });
  app.action<BlockButtonAction>(/^tally:\d+$/, async ({ ack, body, action, respond, client }) => {
    const audience = {
      client,
      log: deps.log,
      userId: body.user.id,
      respond: body.response_url ? respond : undefined,
      channelId: body.channel?.id,
    };
    const value = decodeButton(action.value);
    const command = value && findCommand(value.c);
    if (!value || !command) {
      await ack();
      await deliver(audience, failure('That button is no longer valid. Run the command again for a fresh one.'));
      return;
    }
    if (value.f || lacksRequired(command, value.a)) {
      await ack();
      await openCommandForm(client, body.trigger_id, command, value.a, body.channel?.id);
      return;
    }
    const workspaceId = body.team?.id ?? body.user.team_id ?? '';
    // The same button of the same message is one intent: a double click must not pay twice.
    const messageTs = body.container?.message_ts ?? body.message?.ts ?? body.trigger_id;
    await handleSlackEvent(
      deps,
      {
        eventId: `slack:action:${body.trigger_id}:${action.action_id}`,
        identity: {
          platform: SLACK,
          workspaceId,
          platformUserId: body.user.id,
          displayName: body.user.username || body.user.id,
        },
        command,
        args: value.a,
        idempotencyKey: `slack:button:${messageTs}:${action.action_id}:${body.user.id}`,
        channelId: body.channel?.id,
        answer: {
          userId: body.user.id,
          ...(body.response_url && { responseUrl: body.response_url }),
          ...(body.channel?.id && { channelId: body.channel.id }),
          ...(body.view?.type === 'home' && { refreshHome: true }),
        },
      },
      { client, ack: () => ack(), work },
    );
  });
}
