import type { HttpRoute } from '../http/http-route.ts';
import { CARD_NOT_SAVED_PATH, CARD_SAVED_PATH } from './stripe-autopay.ts';
import { CANCELLED_PATH, PAID_PATH } from './stripe-checkout.ts';

function page(title: string, text: string): Response {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${title}</title></head>` +
    '<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">' +
    `<h1>${title}</h1><p>${text}</p></body></html>`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** Where Stripe Checkout sends the payer (or who saves a card) back: fixed pages, nothing read from the request. */
export const checkoutPages: HttpRoute[] = [
  {
    method: 'GET',
    path: PAID_PATH,
    handle: async () =>
      page(
        'Thank you',
        'Your payment was received. Tally adds the credits as soon as Stripe confirms it and tells you in chat. ' +
          'You can close this page.',
      ),
  },
  {
    method: 'GET',
    path: CANCELLED_PATH,
    handle: async () =>
      page('Payment cancelled', 'Nothing was charged. Run /credits add again in chat whenever you want to pay.'),
  },
  {
    method: 'GET',
    path: CARD_SAVED_PATH,
    handle: async () =>
      page(
        'Card saved',
        'Nothing was charged now. Tally confirms in chat as soon as Stripe reports the card saved, ' +
          'and charges it only for automatic top-ups. You can close this page.',
      ),
  },
  {
    method: 'GET',
    path: CARD_NOT_SAVED_PATH,
    handle: async () =>
      page(
        'No card saved',
        'Nothing was saved and nothing was charged. Ask Tally in chat for a new page whenever you want.',
      ),
  },
];
