import { beforeAll, describe, expect, it } from 'vitest';
import { operatorList } from '../../src/operators/operators.ts';
import { DISCORD_USERS } from '../fixtures/discord-payloads.ts';
import { buttonsOf, embedText, useDiscord } from '../support/discord-harness.ts';
import { drainAll } from '../support/drain-all.ts';
import { waitFor } from '../support/wait-for.ts';

type Message = Parameters<typeof buttonsOf>[0];

describe('Discord: an operator declines a top-up request with a reason from a modal', () => {
  const d = useDiscord();
  beforeAll(() => {
    // carol runs this Tally (TALLY_OPERATORS=discord:300000000000000003); alice owns Acme.
    d.h.deps.operators = operatorList([{ platform: 'discord', workspaceId: '', platformUserId: DISCORD_USERS.carol }]);
  });

  /**
   * The DM a person got whose text holds `words` (the fake names DM channels 9 + the user id's tail): queued with
   * the request or answer, it is sent when the outbox is drained.
   */
  const dmTo = (who: 'alice' | 'carol', words: string) =>
    waitFor(async () => {
      await drainAll(d.h.deps, (ms) => d.h.clock.advance(ms));
      const found = d.fake.requests.find(
        (r) =>
          r.path === `/channels/9${DISCORD_USERS[who].slice(1)}/messages` &&
          embedText({ embeds: r.body.embeds as never, components: [] } as Message).includes(words),
      );
      return found && ({ embeds: found.body.embeds, components: found.body.components } as unknown as Message);
    }, `the DM to ${who} about ${words}`);

  it('Decline opens a modal asking only for the reason; alice is told it and nothing is posted', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const asked = await d.command('alice', 'credits', ['add'], { amount: '40' });
    expect(embedText(asked.message)).toContain('Asked the operators to approve **40.00** credits for **Acme**');
    const request = await dmTo('carol', 'alice asks to add **40.00** credits to **Acme**');
    const decline = buttonsOf(request).find((b) => b.label === 'Decline')!;
    const modal = await d.press('carol', decline.custom_id);
    expect(modal.callback.type).toBe(9);
    const form = modal.callback.data as { custom_id: string; components: { components: { custom_id: string }[] }[] };
    expect(form.components.map((row) => row.components[0]!.custom_id)).toEqual(['reason']);
    const declined = await d.submit('carol', form.custom_id, { reason: 'no transfer @everyone' });
    expect(embedText(declined.message)).toContain('Declined the request to add **40.00** credits to **Acme**');
    const told = await dmTo('alice', 'carol declined your request');
    expect(embedText(told)).toContain('to **Acme**: no transfer');
    expect(await d.h.db.topUpRequest.findFirstOrThrow()).toMatchObject({
      status: 'declined',
      declineReason: 'no transfer @everyone',
    });
    expect((await d.h.teamNamed('Acme')).balanceCents).toBe(0);
  });
});
