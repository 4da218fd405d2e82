import { describe, expect, it } from 'vitest';
import { buttonsOf, embedText, useDiscord } from '../support/discord-harness.ts';
import { useStripe } from '../support/stripe-harness.ts';

describe('Discord: paying for credits by card', () => {
  const d = useDiscord();
  const stripe = useStripe(d.h);

  it('answers /credits add with a Link-style Pay button to the Checkout page, and credits nothing yet', async () => {
    await d.command('alice', 'team', ['create'], { name: 'Acme' });
    const answer = await d.command('alice', 'credits', ['add'], { amount: '50' });
    expect(embedText(answer.message)).toContain('Pay **50.00 USD** by card to add **50.00** credits for **Acme**.');
    const [session] = stripe.fake.sessions.values();
    expect(buttonsOf(answer.message)).toEqual([{ type: 2, style: 5, label: 'Pay 50.00 USD', url: session!.url }]);
    expect((await d.h.teamNamed('Acme')).balanceCents).toBe(0);
  });
});
