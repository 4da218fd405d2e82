import { describe, expect, it } from 'vitest';
import { describeAudit } from '../../src/audit/describe-audit.ts';
import { plainText } from '../../src/rich-text.ts';

const said = (action: string, target: string, details: Record<string, unknown> = {}) =>
  plainText(describeAudit({ action, target, details }));

describe('the user log speaks in sentences', () => {
  it('money as money, no event codes or field names', () => {
    expect(said('resource.stop', 'chat-bot', { refundCents: 97 })).toBe(
      'stopped chat-bot, refunded 0.97 for unused time',
    );
    expect(said('resource.stop', 'chat-bot', { refundCents: 0 })).toBe('stopped chat-bot');
    expect(said('resource.launch', 'train-1', { kind: 'instance', spec: 'h100', hourlyCents: 249 })).toBe(
      'launched instance train-1 (h100, 2.49 per hour)',
    );
    expect(
      said('checkout.failed', 'big', { kind: 'instance', spec: 'h100x8', neededCents: 1992, balanceCents: 100 }),
    ).toBe('could not launch instance big: it needs 19.92, the balance was 1.00');
    expect(said('member.role', 'bob', { from: 'Member', to: 'Co-Owner' })).toBe(
      "changed bob's role from Member to Co-Owner",
    );
    expect(said('team.edit', 'Acme', { name: 'Acme 2', description: 'GPUs' })).toBe(
      'changed the name to Acme 2 and the description to "GPUs"',
    );
    expect(said('invite.link', 'Member', { expiresAt: '2026-12-01T09:00:00.000Z', maxUses: 5 })).toBe(
      'made an invite link for Member (until 2026-12-01 09:00 UTC, at most 5 uses)',
    );
    expect(said('apikey.create', 'ci', { prefix: 'abcd1234', role: 'Member' })).toBe(
      'created the API key ci acting as Member',
    );
    // Keys made before keys had roles.
    expect(said('apikey.create', 'ci', { prefix: 'abcd1234' })).toBe('created the API key ci');
    expect(said('credits.add', '50.00', { invoice: '2026-000123' })).toBe('added 50.00 credits (invoice 2026-000123)');
    // Lines written before invoice numbers were global name the team's own number.
    expect(said('credits.add', '50.00', { invoice: 3 })).toBe('added 50.00 credits (invoice #3)');
    expect(
      said('credits.refund', '20.00', { creditNote: 'CN-2026-000001', invoice: '2026-000001', spentCents: 0 }),
    ).toBe('took back 20.00 credits for a refunded card payment (credit note CN-2026-000001, invoice 2026-000001)');
    expect(
      said('credits.refund', '0.00', { creditNote: 'CN-2026-000002', invoice: '2026-000001', spentCents: 500 }),
    ).toBe(
      'took back 0.00 credits for a refunded card payment (credit note CN-2026-000002, invoice 2026-000001); ' +
        '5.00 had been spent',
    );
    expect(said('someday.new', 'x')).toBe('someday.new x');
  });

  it('names people typed stay data', () => {
    const text = describeAudit({ action: 'team.create', target: '*<!channel>*', details: {} });
    expect(typeof text === 'string' ? [] : text.parts).toContainEqual({ data: '*<!channel>*' });
  });
});
