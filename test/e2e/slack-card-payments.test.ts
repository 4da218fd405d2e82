import { describe, expect, it } from 'vitest';
import { asForm, blockActionPayload, USERS } from '../fixtures/slack-payloads.ts';
import { drainAll } from '../support/drain-all.ts';
import { postSigned } from '../support/fake-slack.ts';
import { type Block, blockText, buttonIn, useSlack } from '../support/slack-harness.ts';
import { useStripe } from '../support/stripe-harness.ts';

describe('Slack: paying for credits by card', () => {
  const s = useSlack('http');
  const stripe = useStripe(s.h);

  it('answers /credits add with a Pay link; the signed webhook credits it and alice gets a DM', async () => {
    await s.command('alice', '/team', 'create Acme');
    const answer = await s.command('alice', '/credits', 'add 50');
    expect(answer.response_type).toBe('ephemeral');
    expect(blockText(answer.blocks)).toContain('Pay *50.00 USD* by card to add *50.00* credits for *Acme*.');
    const [session] = stripe.fake.sessions.values();
    const pay = buttonIn(answer.blocks, 'Pay 50.00 USD') as { action_id: string; url?: string; value?: string };
    expect(pay).toMatchObject({ action_id: 'link-tally:0', url: session!.url });
    expect(pay.value).toBeUndefined();
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(0);
    // Slack reports the click on a link button: acknowledged at once, and nothing runs or answers.
    const click = blockActionPayload('alice', { action_id: pay.action_id, value: '' }, s.fake.responseUrl('click'));
    const clicked = await postSigned(s.port, asForm(click));
    expect(clicked.status).toBe(200);
    expect(s.fake.responses.find((r) => r.id === 'click')).toBeUndefined();

    const paid = stripe.fake.pay(session!.id);
    expect(await stripe.deliver(stripe.fake.event('checkout.session.completed', paid))).toBe(200);
    expect((await s.h.teamNamed('Acme')).balanceCents).toBe(5000);
    const invoice = await s.h.db.invoice.findFirstOrThrow();
    expect(invoice).toMatchObject({ paymentMethod: 'card', paymentReference: paid.payment_intent });

    await drainAll(s.h.deps, (ms) => s.h.clock.advance(ms));
    const dm = s.fake
      .callsOf('chat.postMessage')
      .find((c) => c.args.channel === `D${USERS.alice.id}` && blockText(c.args.blocks as Block[]).includes('Payment'));
    expect(blockText(dm?.args.blocks as Block[])).toContain(
      'Payment received: *+50.00* credits for *Acme*. Balance: *50.00*.',
    );
  });
});
