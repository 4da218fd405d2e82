import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../adapters/discord/custom-id.ts';
import { renderMessage } from '../../adapters/discord/render.ts';
import { button, linkButton, reply, warning } from '../../src/reply.ts';
import { md } from '../../src/rich-text.ts';

describe('Reply → Discord message', () => {
  it('renders one embed and rows of buttons exactly', () => {
    const message = warning(md`Delete *${'Acme'}*?`, {
      title: 'Careful',
      fields: [{ label: 'Balance', value: '7.51' }],
      items: [
        {
          text: md`item *one*`,
          fields: [{ label: 'Role', value: 'Owner' }],
          buttons: [button('Switch', 'team switch', { to: 'T1' })],
        },
      ],
      buttons: [
        button('Delete Acme', 'team delete', { team: 'T1', confirm: 'yes' }, { style: 'danger', confirm: 'Really?' }),
        button('Edit', 'team settings', {}, { form: true }),
      ],
    });
    expect(renderMessage(message)).toEqual({
      embeds: [
        {
          color: 0xf59e0b,
          title: 'Careful',
          description: 'Delete **Acme**?\n• item **one**\n  Role: Owner',
          fields: [{ name: 'Balance', value: '7.51', inline: true }],
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: 'Switch', custom_id: 'r0|team%20switch|to=T1' },
            { type: 2, style: 4, label: 'Delete Acme', custom_id: 'c1|team%20delete|team=T1|confirm=yes' },
            { type: 2, style: 2, label: 'Edit', custom_id: 'f2|team%20settings' },
          ],
        },
      ],
      flags: 64,
      allowed_mentions: { parse: [] },
    });
    expect(renderMessage({ ...message, ephemeral: false }).flags).toBeUndefined();
  });

  it('keeps within limits: 25 buttons in 5 rows, custom ids of 100 characters', () => {
    const many = reply('x', { buttons: Array.from({ length: 30 }, (_, i) => button(`b${i}`, 'team list')) });
    expect(renderMessage(many).components.map((row) => row.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(() => encodeCustomId('run', 0, 'team transfer', { person: 'x'.repeat(100) })).toThrow(/characters/);
    expect(decodeCustomId('r3|team%20switch|to=T%7C1')).toEqual({
      mode: 'run',
      command: 'team switch',
      args: { to: 'T|1' },
    });
    expect(decodeCustomId('nonsense')).toBeNull();
    expect(decodeCustomId('r1|team%20list|broken')).toBeNull();
  });

  it('renders a link button as a Link-style button, or as a link in the text when too long for one', () => {
    const url = 'https://checkout.stripe.test/c/pay/cs_1';
    const pay = renderMessage(
      reply('Pay', { buttons: [linkButton('Pay 50.00 USD', url), button('Edit', 'team edit')] }),
    );
    expect(pay.components[0]!.components).toEqual([
      { type: 2, style: 5, label: 'Pay 50.00 USD', url },
      { type: 2, style: 2, label: 'Edit', custom_id: 'r1|team%20edit' },
    ]);
    const long = `${url}#${'x'.repeat(600)}`;
    const fallback = renderMessage(reply('Pay', { buttons: [linkButton('Pay 50.00 USD', long)] }));
    expect(fallback.components).toEqual([]);
    expect(fallback.embeds[0]!.description).toBe(`Pay\n[Pay 50.00 USD](${long})`);
  });
});
