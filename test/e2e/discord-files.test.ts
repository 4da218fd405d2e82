import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commandInteraction } from '../fixtures/discord-payloads.ts';
import { buttonsOf, embedText, useDiscord } from '../support/discord-harness.ts';
import { pdfText } from '../support/pdf-text.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_HEX = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

describe('Discord: invoice and statement PDFs as attachments', () => {
  const d = useDiscord({ publicKey: PUBLIC_HEX });

  it('over the gateway, the private answer carries the invoice PDF as its attachment', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    await d.command('alice', 'team', ['settings'], { address: 'Rua Augusta 1, Lisboa' });
    await d.command('alice', 'credits', ['add'], { amount: '64.10' });
    const answer = await d.command('alice', 'credits', ['invoice'], { number: '2026-000001' });
    expect(answer.callback).toEqual({ type: 5, data: { flags: 64 } });
    expect(embedText(answer.message)).toContain('Invoice 2026-000001 of **Acme**');
    const edit = answer.requests.find((r) => r.method === 'PATCH')!;
    expect((edit.body.attachments as { id: unknown }[]).map((a) => String(a.id))).toEqual(['0']); // the body points at files[0]
    expect(edit.files.map((f) => [f.field, f.name])).toEqual([['files[0]', 'tally-acme-invoice-2026-000001.pdf']]);
    const pdf = await pdfText(edit.files[0]!.bytes);
    expect(pdf.text).toContain('Invoice 2026-000001');
    expect(pdf.text).toMatch(/Team\s+Acme/);
    expect(pdf.text).toContain('Rua Augusta 1, Lisboa');
    expect(pdf.text).toMatch(/Total\s+64\.10 USD/);
  });

  it('the View button of /credits invoices answers with the PDF too', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    await d.command('alice', 'credits', ['add'], { amount: '12' });
    const list = await d.command('alice', 'credits', ['invoices'], {});
    const view = buttonsOf(list.message).find((b) => b.label === 'View')!;
    const pressed = await d.press('alice', view.custom_id);
    const edit = pressed.requests.find((r) => r.method === 'PATCH')!;
    expect(edit.files.map((f) => f.name)).toEqual(['tally-acme-invoice-2026-000001.pdf']);
    expect((await pdfText(edit.files[0]!.bytes)).text).toMatch(/Total\s+12\.00 USD/);
  });

  it('over the HTTP endpoint, the webhook edit carries the statement PDF', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    await d.command('alice', 'credits', ['add'], { amount: '40' });
    const interaction = commandInteraction('alice', 'credits', ['statement'], { month: 'this' });
    const body = JSON.stringify(interaction);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
      'x-signature-timestamp': timestamp,
      'content-type': 'application/json',
    };
    const response = await fetch(`http://127.0.0.1:${d.endpoint.port}/discord/interactions`, {
      method: 'POST',
      headers,
      body,
    });
    expect(await response.json()).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await d.fake.waitFor(
      () => d.fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(interaction.token)),
      'the edited answer',
    );
    expect(JSON.stringify(edit.body)).toContain('Statement of **Acme** for November 2026');
    expect(edit.body.attachments).toEqual([{ id: 0, filename: 'tally-acme-statement-2026-11.pdf' }]);
    expect(edit.files.map((f) => f.name)).toEqual(['tally-acme-statement-2026-11.pdf']);
    expect((await pdfText(edit.files[0]!.bytes)).text).toMatch(/Closing balance\s+40\.00/);
  });

  it('a refusal carries no file', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    await d.command('alice', 'credits', ['add'], { amount: '40' });
    const refused = await d.command('alice', 'credits', ['statement'], { month: '2031-01' });
    expect(embedText(refused.message)).toContain('January 2031 has not begun yet');
    expect(refused.requests.flatMap((r) => r.files)).toEqual([]);
  });
});
