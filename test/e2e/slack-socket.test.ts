import { describe, expect, it } from 'vitest';
import { slashCommand } from '../fixtures/slack-payloads.ts';
import { blockText, useSlack } from '../support/slack-harness.ts';

describe('Slack in Socket Mode (real Bolt, fake Slack WebSocket)', () => {
  const s = useSlack('socket');

  it('acks each envelope and answers commands and buttons through response_url', async () => {
    const created = await s.command('alice', '/team', 'create Acme');
    expect(blockText(created.blocks)).toContain('Created *Acme*');
    expect(s.fake.callsOf('apps.connections.open').length + 1).toBeGreaterThanOrEqual(1);
    const balance = await s.command('alice', '/credits', '');
    expect(blockText(balance.blocks)).toContain('*Acme* has no credits yet');
    const members = await s.command('alice', '/team', 'members');
    expect(blockText(members.blocks)).toContain('*alice*: Owner');
    const list = await s.command('alice', '/team', 'list');
    const switched = await s.answerTo(await s.press('alice', list.blocks, 'Switch'));
    expect(blockText(switched.blocks)).toContain('Your active team is now *alice (personal)*');
  });

  it('a redelivered envelope (same trigger) acts once', async () => {
    await s.command('alice', '/team', 'create Acme');
    const body = Object.fromEntries(
      new URLSearchParams(slashCommand('alice', '/credits', 'add 12', s.fake.responseUrl('again'), 'trigger-socket-1')),
    );
    await s.fake.envelope('slash_commands', body, 'env-1');
    await s.fake.envelope('slash_commands', body, 'env-1-redelivered');
    await s.fake.waitFor(() => s.fake.responses.find((r) => r.id === 'again'), 'the answer');
    await new Promise((done) => setTimeout(done, 300));
    expect(await s.h.db.ledgerEntry.count()).toBe(1);
    expect(s.fake.responses.filter((r) => r.id === 'again')).toHaveLength(1);
  });
});
