import type { webApi } from '@slack/bolt';
import type { MentionResolver } from '../../src/commands/parse-line.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import type { Deps } from '../../src/deps.ts';
import { knownDisplayName, type IncomingIdentity } from '../../src/users/ensure-user.ts';

export const SLACK = 'slack';

/** `<@U123|bob>` or `<@U123>` (Slack escapes mentions in command text) → a person of this workspace. */
export function slackMention(workspaceId: string): MentionResolver {
  return (token) => {
    const match = /^<@([UW][A-Z0-9]{2,})(?:\|([^>]{1,80}))?>$/.exec(token);
    return match ? { kind: 'person', platform: SLACK, workspaceId, platformUserId: match[1]!, displayName: match[2] ?? match[1]! } : undefined;
  };
}

/** The name Slack shows for a user, asked once (users.info) and then read from Tally's database. */
async function displayNameOf(deps: Pick<Deps, 'db' | 'log'>, client: webApi.WebClient, workspaceId: string, userId: string, hint?: string): Promise<string> {
  const known = await knownDisplayName(deps, { platform: SLACK, workspaceId, platformUserId: userId });
  if (known) return known;
  try {
    const { user } = await client.users.info({ user: userId });
    return user?.profile?.display_name || user?.real_name || user?.name || hint || userId;
  } catch (error) {
    deps.log.warn('users.info failed', { userId, error: (error as Error).message });
    return hint || userId;
  }
}

export async function slackIdentity(deps: Pick<Deps, 'db' | 'log'>, client: webApi.WebClient, workspaceId: string, userId: string, hint?: string): Promise<IncomingIdentity> {
  return { platform: SLACK, workspaceId, platformUserId: userId, displayName: await displayNameOf(deps, client, workspaceId, userId, hint) };
}

/** People picked in a form or mentioned without a name get their real Slack name. */
export async function namePeople(deps: Pick<Deps, 'db' | 'log'>, client: webApi.WebClient, args: RawArgs): Promise<RawArgs> {
  const named: RawArgs = { ...args };
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'object' && value?.kind === 'person' && value.platform === SLACK && value.displayName === value.platformUserId) {
      named[key] = { ...value, displayName: await displayNameOf(deps, client, value.workspaceId, value.platformUserId) };
    }
  }
  return named;
}
