import { describe, expect, it } from 'vitest';
import { plain } from '../../adapters/console/render-text.ts';
import { discordText } from '../../adapters/discord/render.ts';
import { slackText } from '../../adapters/slack/block-kit.ts';
import { channelLink, md, plainText, readStoredText, sourceText, storedText } from '../../src/rich-text.ts';

describe('reply text keeps markup and data apart', () => {
  const name = '*<!channel>* `x` @everyone';
  const text = md`Created *${name}* (\`${'T`1'}\`) for ${3} people.`;

  it('interpolated strings are data, the template is markup, nested md keeps its parts', () => {
    expect(text.parts).toEqual([
      { markup: 'Created *' },
      { data: name },
      { markup: '* (`' },
      { data: 'T`1' },
      { markup: '`) for ' },
      { data: '3' },
      { markup: ' people.' },
    ]);
    expect(md`a ${md`*b*`} c`.parts).toEqual([{ markup: 'a ' }, { markup: '*b*' }, { markup: ' c' }]);
    expect(sourceText(text)).toBe('Created **<!channel>* `x` @everyone* (`T`1`) for 3 people.');
    expect(plainText(text)).toBe('Created *<!channel>* `x` @everyone (T`1) for 3 people.');
  });

  it('Slack: &, < and > escaped everywhere; data cannot close a code span', () => {
    expect(slackText(text)).toBe('Created **&lt;!channel&gt;* `x` @everyone* (`Tˋ1`) for 3 people.');
    expect(slackText('a & b <c>')).toBe('a &amp; b &lt;c&gt;');
  });

  it('Discord: markdown, mentions and @everyone in data escaped; markup becomes **bold**', () => {
    expect(discordText(text)).toBe('Created **\\*\\<!channel>\\* \\`x\\` @\u200beveryone** (`Tˋ1`) for 3 people.');
    expect(discordText('[Acme](https://evil.example)')).toBe('\\[Acme](https://evil.example)');
    expect(discordText('# big\n- item')).toBe('\\# big\n\\- item');
    expect(discordText(md`costs ${'2.49'}`)).toBe('costs 2.49');
  });

  it('console: markup removed, data as typed, terminal control characters neutralised', () => {
    expect(plain(text)).toBe('Created *<!channel>* `x` @everyone (T`1) for 3 people.');
    expect(plain('red \u001b[31m')).toBe('red \ufffd[31m');
  });

  it('stored text reads back with its parts; older plain rows read as data', () => {
    expect(readStoredText(storedText(text))).toEqual(text);
    expect(readStoredText('*Acme* failed')).toBe('*Acme* failed');
    expect(readStoredText('[1,2]')).toBe('[1,2]');
  });
});

describe('a channel link is built from the id alone', () => {
  it('each platform links it its own way', () => {
    const text = md`Alerts go to ${channelLink('C00OPS')}.`;
    expect(slackText(text)).toBe('Alerts go to <#C00OPS>.');
    expect(discordText(md`in ${channelLink('500000000000000777')}`)).toBe('in <#500000000000000777>');
    expect(plain(text)).toBe('Alerts go to #C00OPS.');
  });
});
