import type { App } from '@slack/bolt';
import { TOP_LEVEL } from '../../../src/commands/index.ts';
import { nearest } from '../../../src/commands/nearest-command.ts';
import { parseCommandLine } from '../../../src/commands/parse-line.ts';
import type { Deps } from '../../../src/deps.ts';
import { unparsedLine } from '../../../src/dispatch.ts';
import { failure } from '../../../src/reply.ts';
import { md } from '../../../src/rich-text.ts';
import type { Work } from '../../shared/work-queue.ts';
import { responsePayload } from '../block-kit.ts';
import { lacksRequired, openCommandForm } from '../open-command-form.ts';
import { slackChannel } from '../slack-channels.ts';
import { handleSlackEvent } from '../slack-inbound.ts';
import { SLACK, slackMention } from '../slack-people.ts';

const MAX_TEXT = 4000;
const COMMANDS = new RegExp(`^/(${Object.keys(TOP_LEVEL).join('|')})$`);
const OTHERS = new RegExp(`^(?!/(${Object.keys(TOP_LEVEL).join('|')})$)`);

/**
 * /team, /credits, /launch, /resources: parsed before the ack (no database), then claimed, acked,
 * dispatched and answered by response_url through the one inbound path. What runs nothing (a
 * typing error, a form to open) is answered at once without a record.
 */
export function registerSlashCommands(app: App, deps: Deps, work: Work) {
  app.command(COMMANDS, async ({ command, ack, respond, client }) => {
    if (command.text.length > MAX_TEXT) {
      await ack();
      await respond(
        responsePayload(failure(`That is ${command.text.length} characters; a command can be at most ${MAX_TEXT}.`)),
      );
      return;
    }
    const parsed = parseCommandLine(
      `${command.command} ${command.text}`,
      slackMention(command.team_id),
      slackChannel(command.team_id),
    );
    if (!parsed.ok) {
      await ack();
      await respond(responsePayload(unparsedLine(deps, { platform: SLACK }, parsed.error)));
      return;
    }
    // A bare `/credits add` or `/team create` opens its form instead of an error.
    const { team } = parsed.args;
    if (parsed.bare && lacksRequired(parsed.command, parsed.args)) {
      await ack();
      await openCommandForm(
        client,
        command.trigger_id,
        parsed.command,
        typeof team === 'string' ? { team } : {},
        command.channel_id,
      );
      return;
    }
    await handleSlackEvent(
      deps,
      {
        eventId: `slack:command:${command.trigger_id}`,
        identity: {
          platform: SLACK,
          workspaceId: command.team_id,
          platformUserId: command.user_id,
          displayName: command.user_name || command.user_id,
        },
        command: parsed.command,
        args: parsed.args,
        idempotencyKey: `slack:${command.trigger_id}`,
        channelId: command.channel_id,
        answer: { userId: command.user_id, responseUrl: command.response_url, channelId: command.channel_id },
      },
      { client, ack: () => ack(), ackWith: (reply) => ack(responsePayload(reply)), work },
    );
  });

  // A command this app does not know (a renamed or extra one in an edited manifest): say so.
  app.command(OTHERS, async ({ command, ack, respond }) => {
    await ack();
    const guess = nearest(command.command.replace(/^\//, ''), Object.keys(TOP_LEVEL));
    const didYouMean = guess ? md` Did you mean \`/${guess}\`?` : '';
    const commands = Object.keys(TOP_LEVEL)
      .map((t) => `/${t}`)
      .join(', ');
    await respond(
      responsePayload(failure(md`I don't know ${command.command}.${didYouMean} Tally's commands: ${commands}.`)),
    );
  });
}
