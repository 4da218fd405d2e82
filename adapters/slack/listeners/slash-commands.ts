import type { App } from '@slack/bolt';
import { parseCommandLine } from '../../../src/commands/parse-line.ts';
import { TOP_LEVEL } from '../../../src/commands/index.ts';
import { claimDelivery } from '../../../src/deliveries.ts';
import type { Deps } from '../../../src/deps.ts';
import { dispatch } from '../../../src/dispatch.ts';
import { failure } from '../../../src/reply.ts';
import { responsePayload } from '../block-kit.ts';
import { deliver } from '../deliver.ts';
import { lacksRequired, openForm } from '../forms.ts';
import { namePeople, slackIdentity, slackMention, SLACK } from '../slack-people.ts';
import type { Work } from '../../shared/work-queue.ts';
import { nearest } from '../../../src/commands/nearest-command.ts';
import { md } from '../../../src/rich-text.ts';

const MAX_TEXT = 4000;
const COMMANDS = new RegExp(`^/(${Object.keys(TOP_LEVEL).join('|')})$`);
const OTHERS = new RegExp(`^(?!/(${Object.keys(TOP_LEVEL).join('|')})$)`);

/** /team, /credits, /launch, /resources: ack at once, then parse, dispatch and answer by response_url. */
export function registerSlashCommands(app: App, deps: Deps, work: Work) {
  app.command(COMMANDS, async ({ command, ack, respond, client }) => {
    await ack();
    if (command.text.length > MAX_TEXT) {
      await respond(responsePayload(failure(`That is ${command.text.length} characters; a command can be at most ${MAX_TEXT}.`)));
      return;
    }
    const parsed = parseCommandLine(`${command.command} ${command.text}`, slackMention(command.team_id));
    if (!parsed.ok) {
      await respond(responsePayload(failure(parsed.error, { title: 'Check the command' })));
      return;
    }
    // A bare `/credits add` or `/team create` opens its form instead of an error.
    const { team } = parsed.args;
    if (parsed.bare && lacksRequired(parsed.command.path, parsed.args)) {
      await openForm(client, command.trigger_id, parsed.command.path, typeof team === 'string' ? { team } : {}, command.channel_id);
      return;
    }
    await work(async () => {
      if (!(await claimDelivery(deps, `slack:command:${command.trigger_id}`))) return;
      const identity = slackIdentity(deps, client, command.team_id, command.user_id, command.user_name);
      const reply = await dispatch(deps, {
        identity,
        path: parsed.command.path,
        args: await namePeople(deps, client, parsed.args),
        idempotencyKey: `slack:${command.trigger_id}`,
        origin: { platform: SLACK, channelId: command.channel_id },
      });
      await deliver({ client, log: deps.log, userId: command.user_id, respond, channelId: command.channel_id }, reply);
    });
  });

  // A command this app does not know (a renamed or extra one in an edited manifest): say so.
  app.command(OTHERS, async ({ command, ack, respond }) => {
    await ack();
    const guess = nearest(command.command.replace(/^\//, ''), Object.keys(TOP_LEVEL));
    await respond(responsePayload(failure(md`I don't know ${command.command}.${guess ? md` Did you mean \`/${guess}\`?` : ''} Tally's commands: ${Object.keys(TOP_LEVEL).map((t) => `/${t}`).join(', ')}.`)));
  });
}
