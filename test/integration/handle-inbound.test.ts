import { describe, expect, it } from 'vitest';
import { consoleMention } from '../../adapters/console/console-session.ts';
import { findCommand } from '../../src/commands/index.ts';
import { ALREADY_HANDLED, handleInbound, type InboundResponder } from '../../src/inbound/handle-inbound.ts';
import type { Reply } from '../../src/reply.ts';
import { shown, textOf, useHarness } from '../support/harness.ts';

/** A responder that notes what the adapter was asked to do, in order. */
function noting() {
  const steps: string[] = [];
  const responder: InboundResponder = {
    acknowledge: async () => void steps.push('acknowledge'),
    answer: async (reply: Reply) => void steps.push(`answer: ${textOf(shown(reply))}`),
    answerAtOnce: async (reply: Reply) => void steps.push(`at once: ${textOf(shown(reply))}`),
  };
  return { steps, responder };
}

const alice = { platform: 'api', workspaceId: 'w', platformUserId: 'alice', displayName: 'alice' };

describe('the one inbound path', () => {
  const h = useHarness();

  it('runs a claimed event once: the repeat is answered at once with the notice, and money moves once', async () => {
    const event = {
      identity: alice,
      request: { command: findCommand('credits add')!, args: { amount: '12' } },
      idempotencyKey: 'api:1',
      origin: { platform: 'api' },
      claim: { eventId: 'api:event:1', answer: { url: 'https://example.invalid/answer' }, answerWithinMs: 60_000 },
    };
    const first = noting();
    await handleInbound(h.deps, event, first.responder);
    expect(first.steps).toEqual(['acknowledge', expect.stringMatching(/^answer: [\s\S]*12\.00/)]);
    const repeat = noting();
    await handleInbound(h.deps, event, repeat.responder);
    expect(repeat.steps).toEqual([`at once: ${ALREADY_HANDLED}`]);
    expect(await h.db.ledgerEntry.count()).toBe(1);
    expect((await h.db.team.findFirstOrThrow({ where: { name: 'alice (personal)' } })).balanceCents).toBe(1200);
    expect(await h.db.inboundCommand.findUniqueOrThrow({ where: { id: 'api:event:1' } })).toMatchObject({
      status: 'done',
      platform: 'api',
      answer: { url: 'https://example.invalid/answer' },
    });
  });

  it('records nothing for an unclaimed event (the console), and answers a typing error at once', async () => {
    const typo = noting();
    const reply = await handleInbound(
      h.deps,
      {
        identity: alice,
        request: { line: '/team craete Acme', resolveMention: consoleMention },
        idempotencyKey: 'console:1',
        origin: { platform: 'console' },
      },
      typo.responder,
    );
    expect(typo.steps).toEqual([expect.stringContaining('at once: ')]);
    expect(textOf(shown(reply))).toContain('team create');
    const typed = await handleInbound(h.deps, {
      identity: alice,
      request: { line: '/team create Acme', resolveMention: consoleMention },
      idempotencyKey: 'console:2',
      origin: { platform: 'console' },
    });
    expect(textOf(shown(typed))).toContain('Created Acme');
    expect(await h.db.inboundCommand.count()).toBe(0);
  });
});
