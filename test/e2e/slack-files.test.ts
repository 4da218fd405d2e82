import { describe, expect, it } from 'vitest';
import { USERS } from '../fixtures/slack-payloads.ts';
import { pdfText } from '../support/pdf-text.ts';
import { blockText, useSlack } from '../support/slack-harness.ts';

describe('Slack: invoice and statement PDFs through files.uploadV2', () => {
  const s = useSlack('http');

  it('uploads the invoice to the DM of the person who asked and says so in the private answer', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/team', 'settings address:"5 Harbour Lane, Oslo"');
    await s.command('alice', '/credits', 'add 75');
    const answer = await s.command('alice', '/credits', 'invoice 2026-000001');
    expect(answer.response_type).toBe('ephemeral');
    expect(blockText(answer.blocks)).toContain(
      'tally-acme-invoice-2026-000001.pdf* is in your direct messages with Tally',
    );
    expect(s.fake.sharedFiles).toHaveLength(1);
    const [file] = s.fake.sharedFiles;
    expect(file).toMatchObject({
      channel: `D${USERS.alice.id}`,
      name: 'tally-acme-invoice-2026-000001.pdf',
      title: 'tally-acme-invoice-2026-000001.pdf',
    });
    const pdf = await pdfText(file!.bytes);
    expect(pdf.text).toContain('Invoice 2026-000001');
    expect(pdf.text).toMatch(/Team\s+Acme/);
    expect(pdf.text).toContain('5 Harbour Lane, Oslo');
    expect(pdf.text).toMatch(/Total\s+75\.00 USD/);
    expect(s.fake.callsOf('files.getUploadURLExternal')[0]!.args).toMatchObject({
      filename: 'tally-acme-invoice-2026-000001.pdf',
      length: String(file!.bytes.length),
    });
  });

  it('the View button of /credits invoices and /credits statement upload too', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'add 30');
    const list = await s.command('alice', '/credits', 'invoices');
    const pressed = await s.press('alice', list.blocks, 'View');
    expect(blockText((await s.answerTo(pressed)).blocks)).toContain(
      'tally-acme-invoice-2026-000001.pdf* is in your direct messages',
    );
    const statement = await s.command('alice', '/credits', 'statement');
    expect(blockText(statement.blocks)).toContain('tally-acme-statement-2026-11.pdf* is in your direct messages');
    expect(s.fake.sharedFiles.map((f) => f.name)).toEqual([
      'tally-acme-invoice-2026-000001.pdf',
      'tally-acme-statement-2026-11.pdf',
    ]);
    expect((await pdfText(s.fake.sharedFiles[1]!.bytes)).text).toMatch(/Top-ups\s+\+30\.00/);
  });

  it('when Slack refuses the upload, the answer says so and nothing is shared', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'add 30');
    s.fake.overrides.set('files.getUploadURLExternal', () => ({
      status: 200,
      body: { ok: false, error: 'missing_scope' },
    }));
    const answer = await s.command('alice', '/credits', 'invoice 2026-000001');
    expect(blockText(answer.blocks)).toContain('Invoice 2026-000001 of *Acme*');
    expect(blockText(answer.blocks)).toContain(
      'Slack did not take the file *tally-acme-invoice-2026-000001.pdf* (missing_scope)',
    );
    expect(s.fake.sharedFiles).toHaveLength(0);
  });

  it('someone outside the team gets a refusal and no file', async () => {
    await s.command('alice', '/team', 'create Acme');
    await s.command('alice', '/credits', 'add 30');
    const denied = await s.command('bob', '/credits', 'invoice 2026-000001 team:Acme');
    expect(blockText(denied.blocks)).toMatch(/not a member|no team/i);
    expect(blockText(denied.blocks)).not.toContain('.pdf');
    expect(s.fake.sharedFiles).toHaveLength(0);
  });
});
