import { turnAutopayOff } from '../../autopay/autopay-setup.ts';
import { reply, success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

const AGAIN = md`Turn it on again with \`/credits autopay <amount> below:<threshold>\`: the card is kept.`;

export default teamCommand({
  path: 'credits autopay off',
  summary: 'Stop automatic top-ups (the saved card is kept for turning it on again)',
  options: [],
  permission: 'billing.manage',
  async run({ deps, actor, team, access }) {
    const off = await turnAutopayOff(deps, actor, access);
    if (!off) return reply(md`Automatic top-up was already off for *${team.name}*.`);
    return success(md`Automatic top-up is off for *${team.name}*: no more automatic charges. ${AGAIN}`);
  },
});
