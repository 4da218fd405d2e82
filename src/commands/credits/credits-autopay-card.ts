import { replaceAutopayCard } from '../../autopay/autopay-setup.ts';
import { linkButton, reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

const NOTHING_CHARGED = md`Nothing is charged on that page; you'll get a message when it is saved.`;

export default teamCommand({
  path: 'credits autopay card',
  summary: 'Save another card for automatic top-ups (after a failed charge, or a new card)',
  options: [],
  permission: 'billing.manage',
  async run({ deps, actor, team, access, idempotencyKey }) {
    const link = await replaceAutopayCard(deps, actor, access, idempotencyKey);
    return reply(md`Save the card *${team.name}* tops up with. ${NOTHING_CHARGED}`, {
      title: 'Save a card',
      buttons: [linkButton('Save a card', link.url)],
    });
  },
});
