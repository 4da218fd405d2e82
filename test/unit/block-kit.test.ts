import { describe, expect, it } from 'vitest';
import { replyBlocks, responsePayload } from '../../adapters/slack/block-kit.ts';
import { decodeButton } from '../../adapters/slack/button-value.ts';
import { button, linkButton, reply, warning } from '../../src/reply.ts';

describe('Reply → Block Kit', () => {
  it('renders title, text, fields, items and buttons exactly', () => {
    const message = warning('Delete *Acme*?', {
      title: 'Careful',
      fields: [{ label: 'Balance', value: '7.51' }],
      items: [{ text: 'item one', buttons: [button('Switch', 'team switch', { to: 'T1' })] }],
      buttons: [
        button(
          'Delete Acme',
          'team delete',
          { team: 'T1', confirm: 'yes' },
          { style: 'danger', confirm: 'Really delete Acme?' },
        ),
      ],
    });
    expect(replyBlocks(message)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: *Careful*\nDelete *Acme*?' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Balance*\n7.51' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'item one' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Switch' },
            action_id: 'tally:1',
            value: '{"c":"team switch","a":{"to":"T1"}}',
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Delete Acme' },
            action_id: 'tally:0',
            value: '{"c":"team delete","a":{"team":"T1","confirm":"yes"}}',
            style: 'danger',
            confirm: {
              title: { type: 'plain_text', text: 'Are you sure?' },
              text: { type: 'mrkdwn', text: 'Really delete Acme?' },
              confirm: { type: 'plain_text', text: 'Yes' },
              deny: { type: 'plain_text', text: 'Cancel' },
              style: 'danger',
            },
          },
        ],
      },
    ]);
    expect(responsePayload(message)).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Careful: Delete *Acme*?',
    });
    expect(responsePayload({ ...message, ephemeral: false }).response_type).toBe('in_channel');
  });

  it('keeps within Slack limits: 50 blocks, 25 buttons a row, 3,000 characters a text', () => {
    const many = reply('x'.repeat(5000), {
      items: Array.from({ length: 80 }, (_, i) => ({ text: `item ${i}` })),
      buttons: Array.from({ length: 30 }, (_, i) => button(`b${i}`, 'team list')),
    });
    const blocks = replyBlocks(many);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.at(-3)).toMatchObject({ type: 'context' });
    expect(JSON.stringify(blocks.at(-3))).toMatch(/…and \d+ more not shown\./);
    expect(
      blocks.filter((b) => b.type === 'actions').map((b) => (b as { elements: unknown[] }).elements.length),
    ).toEqual([25, 5]);
    expect((blocks[0] as { text: { text: string } }).text.text.length).toBe(3000);
  });

  it('reads back only buttons Tally wrote', () => {
    expect(decodeButton('{"c":"team list","a":{}}')).toEqual({ c: 'team list', a: {} });
    expect(decodeButton('{"c":"team list","a":{"x":1}}')).toBeNull();
    expect(decodeButton('not json')).toBeNull();
    expect(decodeButton(undefined)).toBeNull();
  });

  it('renders a link button that opens its page, with an action id only acknowledged', () => {
    const pay = reply('Pay', { buttons: [linkButton('Pay 50.00 USD', 'https://checkout.stripe.test/c/pay/cs_1')] });
    expect(replyBlocks(pay)[1]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Pay 50.00 USD' },
          action_id: 'link-tally:0',
          url: 'https://checkout.stripe.test/c/pay/cs_1',
        },
      ],
    });
  });
});
