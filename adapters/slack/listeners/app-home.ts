import type { App, types, webApi } from '@slack/bolt';
import { findCommand } from '../../../src/commands/index.ts';
import type { Deps } from '../../../src/deps.ts';
import { dispatch } from '../../../src/dispatch.ts';
import type { Work } from '../../shared/work-queue.ts';
import { replyBlocks } from '../block-kit.ts';
import { SLACK, slackIdentity } from '../slack-people.ts';

// Home views hold at most 100 blocks.
const MAX_BLOCKS = 100;
const SECTIONS = ['team info', 'credits balance', 'team list', 'resources list'].map((path) => {
  const command = findCommand(path);
  if (!command) throw new Error(`the App Home shows /${path}, which Tally does not have`);
  return command;
});

/** The App Home tab: active team, its balance (if the person may see it), their teams, what runs. */
export async function publishHome(
  deps: Deps,
  client: webApi.WebClient,
  workspaceId: string,
  userId: string,
): Promise<void> {
  const identity = slackIdentity(deps, client, workspaceId, userId);
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Tally' } }];
  for (const command of SECTIONS) {
    const reply = await dispatch(deps, {
      identity,
      command,
      args: {},
      idempotencyKey: `slack:home:${userId}:${command.path}`,
      origin: { platform: SLACK },
    });
    if (reply.tone === 'error') continue; // e.g. no billing.view: the balance is simply not shown
    const next = [{ type: 'divider' } as types.KnownBlock, ...replyBlocks(reply)];
    if (blocks.length + next.length > MAX_BLOCKS) break;
    blocks.push(...next);
  }
  await client.views.publish({ user_id: userId, view: { type: 'home', blocks } });
}

export function registerAppHome(app: App, deps: Deps, work: Work) {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await work(() => publishHome(deps, client, body.team_id, event.user));
  });
}
