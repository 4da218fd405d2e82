import type { webApi } from '@slack/bolt';
import type { RawArgs } from '../../src/commands/options.ts';
import type { MentionResolver } from '../../src/commands/parse-line.ts';
import type { Deps } from '../../src/deps.ts';
import { type IncomingIdentity, knownDisplayName } from '../../src/users/ensure-user.ts';

export const SLACK = 'slack';

/** `<@U123|bob>` or `<@U123>` (Slack escapes mentions in command text) → a person of this workspace. */
export function slackMention(workspaceId: string): MentionResolver {
  return (token) => {
    const match = /^<@([UW][A-Z0-9]{2,})(?:\|([^>]{1,80}))?>$/.exec(token);
    return match
      ? { kind: 'person', platform: SLACK, workspaceId, platformUserId: match[1]!, displayName: match[2] ?? match[1]! }
      : undefined;
  };
}

/** The name Slack shows for a user (users.info), or the hint the event carried when Slack cannot say. */
async function askSlackName(
  deps: Pick<Deps, 'log'>,
  client: webApi.WebClient,
  userId: string,
  hint?: string,
): Promise<string> {
  try {
    const { user } = await client.users.info({ user: userId });
    return user?.profile?.display_name || user?.real_name || user?.name || hint || userId;
  } catch (error) {
    deps.log.warn('users.info failed', { userId, error: (error as Error).message });
    return hint || userId;
  }
}

/** Slack is asked for the name only when Tally meets the person first (ensureUser decides). */
export function slackIdentity(
  deps: Pick<Deps, 'log'>,
  client: webApi.WebClient,
  workspaceId: string,
  userId: string,
  hint?: string,
): IncomingIdentity {
  return {
    platform: SLACK,
    workspaceId,
    platformUserId: userId,
    displayName: hint || userId,
    lookUpName: () => askSlackName(deps, client, userId, hint),
  };
}

/** People picked in a form or mentioned without a name get their real Slack name. */
export async function namePeople(
  deps: Pick<Deps, 'db' | 'log'>,
  client: webApi.WebClient,
  args: RawArgs,
): Promise<RawArgs> {
  const named: RawArgs = { ...args };
  for (const [key, value] of Object.entries(args)) {
    if (
      typeof value === 'object' &&
      value?.kind === 'person' &&
      value.platform === SLACK &&
      value.displayName === value.platformUserId
    ) {
      const known = await knownDisplayName(deps, value);
      named[key] = { ...value, displayName: known ?? (await askSlackName(deps, client, value.platformUserId)) };
    }
  }
  return named;
}
