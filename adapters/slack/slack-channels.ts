import type { ChannelOption } from '../../src/commands/options.ts';
import type { ChannelResolver } from '../../src/commands/parse-line.ts';
import { SLACK } from './slack-people.ts';

/** A Slack channel of this workspace, from its id (a conversations_select answer, a form value). */
export function slackChannelOption(workspaceId: string, channelId: string): ChannelOption {
  return { kind: 'channel', platform: SLACK, workspaceId, channelId };
}

/**
 * `<#C123|ops>` or `<#C123>` (Slack escapes a channel picked in command text), or the id typed
 * alone: `C…` for channels, `G…` for older private ones.
 */
export function slackChannel(workspaceId: string): ChannelResolver {
  return (token) => {
    const id = token.replace(/^<#([^|>]+)(?:\|[^>]*)?>$/, '$1').trim();
    return /^[CG][A-Z0-9]{2,}$/.test(id) ? slackChannelOption(workspaceId, id) : undefined;
  };
}
