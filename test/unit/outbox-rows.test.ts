import { describe, expect, it } from 'vitest';
import { dmRows, recipientRows } from '../../src/alerts/outbox.ts';
import { reply } from '../../src/reply.ts';

const message = reply('Hello');
const at = new Date('2026-12-03T10:00:00Z');

describe('outbox rows', () => {
  // Stored rows are keyed this way: a rerun must find them, so the keys never change shape.
  it('keys a DM per platform and person, a channel with #', () => {
    const dms = dmRows(
      [
        { platform: 'slack', workspaceId: 'T00FAKETEAM1', platformUserId: 'U00FAKEUSER1' },
        { platform: 'discord', workspaceId: '100000000000000001', platformUserId: '200000000000000002' },
      ],
      { key: 'topup-request:r1', teamId: 't1', message, at },
    );
    expect(dms).toEqual([
      {
        key: 'topup-request:r1:slack:@U00FAKEUSER1',
        teamId: 't1',
        platform: 'slack',
        workspaceId: 'T00FAKETEAM1',
        recipient: 'U00FAKEUSER1',
        toChannel: false,
        message,
        at,
      },
      expect.objectContaining({ key: 'topup-request:r1:discord:@200000000000000002', recipient: '200000000000000002' }),
    ]);
    const channel = { platform: 'slack', workspaceId: 'T00FAKETEAM1', recipient: 'C00FAKECHAN1', toChannel: true };
    expect(recipientRows([channel], { key: 'low:t1', teamId: 't1', message, at })[0]?.key).toBe(
      'low:t1:slack:#C00FAKECHAN1',
    );
  });
});
