import { describe, expect, it } from 'vitest';
import { replyBlocks } from '../../adapters/slack/block-kit.ts';
import { DAY, HOUR } from '../../src/clock.ts';
import { dispatchLine } from '../../src/dispatch.ts';
import { findButton, teamWith, textOf, useHarness } from '../support/harness.ts';

/** A name that would ping a whole Slack channel if it were not escaped. */
const LOUD = '<!channel> *Beta*';

describe('/credits requests: the top-up requests waiting for an operator', () => {
  const h = useHarness({ operators: ['olga'] });

  it('lists pending, unexpired requests of every team, oldest first, with Approve and Decline', async () => {
    await teamWith(h, 'alice', 'Acme');
    await teamWith(h, 'carol', LOUD);
    await h.run('alice', '/credits add 10 team:Acme'); // expires before the list is asked for
    h.clock.advance(7 * DAY + HOUR);
    await h.run('alice', '/credits add 50 team:Acme');
    h.clock.advance(HOUR);
    await h.run('carol', `/credits add 20 team:"${LOUD}"`);
    await h.run('alice', '/credits add 30 team:Acme');
    const declined = await h.db.topUpRequest.findFirstOrThrow({ where: { amountCents: 3000 } });
    await h.invoke('olga', 'credits decline', { request: declined.id });

    const list = await h.run('olga', '/credits requests');
    expect(list.title).toBe('Top-up requests');
    expect(list.ephemeral).toBe(true);
    expect(textOf(list)).toContain('2 requests waiting, oldest first.');
    expect(list.items?.map((item) => item.text)).toEqual([
      '*50.00* credits to *Acme*, asked by alice',
      `*20.00* credits to *${LOUD}*, asked by carol`,
    ]);
    expect(list.items?.[0]?.fields).toEqual([
      { label: 'Asked', value: '2026-12-02 10:00 UTC' },
      { label: 'Expires', value: '2026-12-09 10:00 UTC' },
      { label: 'Team id', value: `\`${(await h.teamNamed('Acme')).id}\`` },
    ]);
    const [first, second] = list.items ?? [];
    expect(findButton({ buttons: second?.buttons }, 'Decline')).toMatchObject({
      command: 'credits decline',
      form: true,
    });

    const approved = await h.press('olga', { buttons: first?.buttons }, 'Approve');
    expect(textOf(approved)).toContain('Added 50.00 credits to Acme (asked by alice).');
    expect((await h.teamNamed('Acme')).balanceCents).toBe(5000);
    expect(textOf(await h.run('olga', '/credits requests'))).toContain('1 request waiting, oldest first.');

    // What Slack is sent: the team's name as typed, pinging and bolding nothing.
    const raw = await dispatchLine(h.deps, {
      identity: { platform: 'console', workspaceId: 'local', platformUserId: 'olga', displayName: 'olga' },
      line: '/credits requests',
      resolveMention: () => undefined,
      resolveChannel: () => undefined,
      idempotencyKey: h.key(),
      origin: { platform: 'console' },
    });
    const blocks = JSON.stringify(replyBlocks(raw));
    expect(blocks).toContain('*&lt;!channel&gt; *Beta**, asked by carol');
    expect(blocks).not.toContain('<!channel>');
  });

  it('says when none waits, and refuses anyone who does not run this Tally', async () => {
    await teamWith(h, 'alice', 'Acme');
    expect(textOf(await h.run('olga', '/credits requests'))).toContain('No top-up request is waiting for an operator.');
    await h.run('alice', '/credits add 50 team:Acme');
    const refused = await h.run('alice', '/credits requests');
    expect(refused.tone).toBe('error');
    expect(refused.text).toBe('Only the people who run this Tally (its operators) can see the top-up requests.');
    expect(refused.items).toBeUndefined();
  });
});
