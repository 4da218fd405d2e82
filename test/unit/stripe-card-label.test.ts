import { describe, expect, it } from 'vitest';
import { cardLabel } from '../../adapters/stripe/stripe-autopay.ts';

describe('a saved card’s label', () => {
  it('names the network as people write it, and the last four digits', () => {
    expect(cardLabel({ brand: 'visa', last4: '4242' })).toBe('Visa •••• 4242');
    expect(cardLabel({ brand: 'mastercard', last4: '4444' })).toBe('Mastercard •••• 4444');
    expect(cardLabel({ brand: 'amex', last4: '0005' })).toBe('American Express •••• 0005');
    expect(cardLabel({ brand: 'jcb', last4: '0505' })).toBe('JCB •••• 0505');
  });

  it('keeps a network it does not know as Stripe gives it, and says "card" without a card', () => {
    expect(cardLabel({ brand: 'newnet', last4: '1234' })).toBe('newnet •••• 1234');
    expect(cardLabel({ brand: 'unknown', last4: '1234' })).toBe('Card •••• 1234');
    expect(cardLabel(null)).toBe('card');
    expect(cardLabel({ brand: 'toString', last4: '1' })).toBe('toString •••• 1');
  });
});
