import { describe, expect, it } from 'vitest';
import { consoleMention } from '../../adapters/console/console-session.ts';
import { slackChannel } from '../../adapters/slack/slack-channels.ts';
import { slackMention } from '../../adapters/slack/slack-people.ts';
import { type ChannelResolver, parseCommandLine } from '../../src/commands/parse-line.ts';
import { sourceText } from '../../src/rich-text.ts';

const WORKSPACE = 'T00FAKEWORK';

function channelArg(line: string, resolveChannel?: ChannelResolver) {
  const parsed = resolveChannel
    ? parseCommandLine(line, slackMention(WORKSPACE), resolveChannel)
    : parseCommandLine(line, consoleMention);
  if (!parsed.ok) throw new Error(sourceText(parsed.error));
  return parsed.args.channel;
}

const slackOps = { kind: 'channel', platform: 'slack', workspaceId: WORKSPACE, channelId: 'C00FAKEOPS' };

describe('a channel typed in a line is read by the adapter of the platform it was typed in', () => {
  it('Slack reads its escaped channel, with or without the name, and the bare id, positional or named', () => {
    const slack = slackChannel(WORKSPACE);
    expect(channelArg('/credits alert 10 <#C00FAKEOPS|ops>', slack)).toEqual(slackOps);
    expect(channelArg('/credits alert 10 <#C00FAKEOPS>', slack)).toEqual(slackOps);
    expect(channelArg('/credits alert 10 C00FAKEOPS', slack)).toEqual(slackOps);
    expect(channelArg('/credits alert threshold:10 channel:<#C00FAKEOPS|ops>', slack)).toEqual(slackOps);
  });

  it('what the adapter does not read stays text, for the option to refuse; "none" stays text to clear it', () => {
    const slack = slackChannel(WORKSPACE);
    expect(channelArg('/credits alert 10 100000000000000777', slack)).toBe('100000000000000777');
    expect(channelArg('/credits alert 10 #ops', slack)).toBe('#ops');
    expect(channelArg('/credits alert 10 none', slack)).toBe('none');
  });

  it('a door without channels (the console) reads none', () => {
    expect(channelArg('/credits alert 10 C00FAKEOPS')).toBe('C00FAKEOPS');
  });
});
