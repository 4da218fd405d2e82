import { terms } from '../../autopay/autopay-messages.ts';
import { autopayState, setAutopay } from '../../autopay/autopay-setup.ts';
import { formatCents, formatMoney } from '../../money.ts';
import { linkButton, reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import type { TeamCommandContext } from '../define.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

const EXAMPLE = '/credits autopay 50 below:20';
const TURN_ON = md`To charge a saved card whenever the balance runs low: \`${EXAMPLE}\`.`;
const NEW_CARD = md`Save a working card with \`/credits autopay card\`.`;
const NEW_PAGE = md`Run \`/credits autopay card\` for a new page.`;
const NOTHING_CHARGED = md`Nothing is charged on that page; you'll get a message when the card is saved.`;

/** `/credits autopay` with nothing else: whether it is on, the terms, the card, today's charges. */
async function showState({ deps, team }: TeamCommandContext) {
  const { settings, recent } = await autopayState(deps, team.id);
  if (!deps.payments.autopay)
    return reply(md`Automatic top-up charges a saved card, and this Tally takes no card payments: it is *off*.`, {
      title: 'Automatic top-up',
    });
  if (!settings || (settings.status === 'off' && !settings.offReason))
    return reply(md`Automatic top-up is *off* for *${team.name}*. ${TURN_ON}`, { title: 'Automatic top-up' });
  const failed = recent.filter((c) => c.status === 'failed').length;
  const fields = [
    { label: 'Card', value: settings.cardLabel ?? 'none saved yet' },
    { label: 'Charges in the last 24 hours', value: `${recent.length}${failed ? ` (${failed} failed)` : ''}` },
  ];
  if (settings.status === 'off')
    return reply(md`Automatic top-up is *off* for *${team.name}*: ${settings.offReason ?? ''}. ${NEW_CARD}`, {
      tone: 'warning',
      title: 'Automatic top-up',
      fields,
    });
  if (settings.status === 'awaiting_card')
    return reply(md`Automatic top-up for *${team.name}* starts once a card is saved: ${terms(settings)}. ${NEW_PAGE}`, {
      title: 'Automatic top-up',
      fields,
    });
  const inFlight = settings.chargeInFlight
    ? md` A top-up of *${formatCents(settings.amountCents)}* is on its way.`
    : '';
  return success(md`Automatic top-up is *on* for *${team.name}*: ${terms(settings)}.${inFlight}`, {
    title: 'Automatic top-up',
    fields,
  });
}

export default teamCommand({
  path: 'credits autopay',
  summary: 'Top up automatically from a saved card when the balance runs low, or show whether it is on',
  example: EXAMPLE,
  options: [
    opt.amount('amount', 'Credits to add each time, like 50', { required: false }),
    opt.amount('below', 'Top up when the balance falls below this, like 20', { required: false, label: 'threshold' }),
  ],
  permission: 'billing.manage',
  typedVariants: [
    { sub: 'show', summary: 'Show whether automatic top-up is on, its terms and the card', omit: ['amount', 'below'] },
    {
      sub: 'set',
      summary: 'Top up automatically from a saved card when the balance runs low',
      require: ['amount', 'below'],
    },
  ],
  async run(ctx) {
    const { deps, actor, team, access, options, idempotencyKey } = ctx;
    if (options.amount === undefined && options.below === undefined) return showState(ctx);
    const asked = {
      ...(options.amount !== undefined && { amountCents: options.amount }),
      ...(options.below !== undefined && { thresholdCents: options.below }),
    };
    const setup = await setAutopay(deps, actor, access, asked, idempotencyKey);
    const chosen = setup.terms;
    if (setup.kind === 'updated')
      return success(
        md`*${team.name}* now tops up ${terms(chosen)}, charged to ${setup.autopay.cardLabel ?? 'its card'}.`,
        {
          title: 'Automatic top-up on',
        },
      );
    const each = formatMoney(chosen.amountCents, deps.invoicing.currency);
    return reply(md`Save a card to top up ${terms(chosen)} (${each} each time). ${NOTHING_CHARGED}`, {
      title: 'Save a card',
      buttons: [linkButton('Save a card', setup.link.url)],
    });
  },
});
