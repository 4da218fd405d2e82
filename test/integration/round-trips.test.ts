import { describe, expect, it } from 'vitest';
import { findCommand } from '../../src/commands/index.ts';
import { handleInbound } from '../../src/inbound/handle-inbound.ts';
import { shown, teamWith, textOf, useHarness } from '../support/harness.ts';

/**
 * Round trips to the database for one command through the whole inbound path: the claim, the
 * person and their team, the checkout's transaction (BEGIN and COMMIT each count), and marking
 * the claim done. Counted where statements leave for the driver (src/db/statement-hook.ts), on
 * PGlite or on PostgreSQL with TEST_DATABASE_URL.
 */
// 21 before issue 10, then 11, then 8, then 7; 8 since issue 13 took the cloud's call out of the
// transaction. The 8: the claim; the person with their user and teams; BEGIN, the debit (which
// checks the key and the live name), one statement writing the resource (provisioning), its ledger
// entry and the audit line, COMMIT; the cloud's answer confirming it; marking the claim done.
const CEILING = 8;

describe('database round trips', () => {
  const statements: string[] = [];
  let counting = false;
  const h = useHarness({ onStatement: (sql) => counting && statements.push(sql) });

  it(`/launch instance by a member with credits takes at most ${CEILING}`, async () => {
    await teamWith(h, 'alice', 'Acme', { bob: 'member' });
    await h.run('alice', '/credits add 100');
    await h.run('bob', '/team switch Acme');
    statements.length = 0;
    counting = true;
    const reply = await handleInbound(h.deps, {
      identity: { platform: 'console', workspaceId: 'local', platformUserId: 'bob', displayName: 'bob' },
      request: { command: findCommand('launch instance')!, args: { flavor: 'h100', name: 'box' } },
      idempotencyKey: 'round-trips:1',
      origin: { platform: 'console' },
      claim: { eventId: 'round-trips:event:1', answer: {}, answerWithinMs: 60_000 },
    });
    counting = false;
    expect(textOf(shown(reply))).toContain('Launched instance box in Acme');
    expect(await h.db.inboundCommand.findUniqueOrThrow({ where: { id: 'round-trips:event:1' } })).toMatchObject({
      status: 'done',
    });
    expect(statements.length, statements.map((sql) => sql.trim().slice(0, 60)).join('\n')).toBeLessThanOrEqual(CEILING);
    // What the checkout's one statement wrote, read back through Prisma: ids as the schema makes
    // them, the injected clock's time, the entry linked to its resource and summing to the balance.
    const at = h.clock.now();
    const resource = await h.db.resource.findFirstOrThrow({ where: { name: 'box' } });
    expect(resource).toMatchObject({ status: 'running', liveName: 'box', startedAt: at, stoppedAt: null });
    expect(resource.paidUntil.getTime() - at.getTime()).toBe(60 * 60 * 1000);
    const entry = await h.db.ledgerEntry.findFirstOrThrow({ where: { teamId: resource.teamId, kind: 'charge' } });
    const team = await h.db.team.findUniqueOrThrow({ where: { id: resource.teamId } });
    expect(entry).toMatchObject({ resourceId: resource.id, createdAt: at, balanceAfterCents: team.balanceCents });
    expect(entry.amountCents).toBe(-resource.hourlyCents);
    const audit = await h.db.auditEntry.findFirstOrThrow({ where: { action: 'resource.launch' } });
    expect(audit).toMatchObject({ target: 'box', createdAt: at, details: { kind: 'instance', spec: resource.spec } });
    for (const id of [resource.id, entry.id, audit.id])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
  });
});
