import type { App } from '@slack/bolt';
import { findCommand } from '../../../src/commands/index.ts';
import type { Deps } from '../../../src/deps.ts';
import { checkOptions } from '../../../src/dispatch.ts';
import { failure } from '../../../src/reply.ts';
import type { Work } from '../../shared/work-queue.ts';
import { FORM_CALLBACK, readFormMetadata, readFormValues } from '../command-form-view.ts';
import { deliver } from '../deliver.ts';
import { handleSlackEvent } from '../slack-inbound.ts';
import { SLACK } from '../slack-people.ts';

/**
 * Form submissions. Values are checked before the ack (no database, well inside 3 seconds) so a
 * bad one is shown beside its field; then the submission goes the one inbound path (claimed by the
 * view's id, so a repeat runs once), and the answer goes to the channel.
 */
export function registerFormSubmissions(app: App, deps: Deps, work: Work) {
  app.view(FORM_CALLBACK, async ({ ack, body, view, client }) => {
    const metadata = readFormMetadata(view.private_metadata);
    const workspaceId = body.team?.id ?? body.user.team_id ?? '';
    const audience = { client, log: deps.log, userId: body.user.id, channelId: metadata?.ch };
    const command = metadata && findCommand(metadata.c);
    if (!metadata || !command) {
      await ack();
      await deliver(audience, failure('That form is no longer valid. Run the command again.'));
      return;
    }
    const args = { ...metadata.a, ...readFormValues(view.state.values, workspaceId) };
    const problem = checkOptions(command, args);
    if (problem?.option && view.blocks.some((block) => block.block_id === problem.option)) {
      await ack({ response_action: 'errors', errors: { [problem.option]: problem.message } });
      return;
    }
    await handleSlackEvent(
      deps,
      {
        eventId: `slack:view:${view.id}`,
        identity: {
          platform: SLACK,
          workspaceId,
          platformUserId: body.user.id,
          displayName: body.user.name || body.user.id,
        },
        command,
        args,
        idempotencyKey: `slack:view:${view.id}`,
        channelId: metadata.ch,
        answer: { userId: body.user.id, ...(metadata.ch && { channelId: metadata.ch }) },
      },
      { client, ack: () => ack(), work },
    );
  });
}
