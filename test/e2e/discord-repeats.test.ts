import { describe, expect, it } from 'vitest';
import { ALREADY_HANDLED } from '../../src/inbound/handle-inbound.ts';
import { commandInteraction } from '../fixtures/discord-payloads.ts';
import { embedText, useDiscord } from '../support/discord-harness.ts';

describe('an interaction Discord sends twice acts once, and the repeat is told so', () => {
  const d = useDiscord();

  it('the same interaction again (a gateway resume): one top-up, and "Already handled." at once', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const payload = commandInteraction('alice', 'credits', ['add'], { amount: 12 });
    const first = await d.send(payload);
    expect(embedText(first.message)).toContain('12.00');
    d.fake.interact(payload);
    const callbacks = () => d.fake.about(payload.id, payload.token).filter((r) => r.path.includes('/callback'));
    const repeat = await d.fake.waitFor(() => callbacks()[1], 'the answer to the repeat');
    const body = repeat.body as { type: number; data: { embeds: { description?: string }[] } };
    expect(body.type).toBe(4);
    expect(JSON.stringify(body.data.embeds)).toContain(ALREADY_HANDLED);
    expect(await d.h.db.ledgerEntry.count()).toBe(1);
    expect((await d.h.teamNamed('Acme')).balanceCents).toBe(1200);
  });
});
