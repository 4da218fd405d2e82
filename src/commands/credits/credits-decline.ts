import { declineTopUp } from '../../credits/top-up-requests.ts';
import { formatCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

/** An operator's *Decline* on a top-up request's DM; the button opens a form for the reason. */
export default userCommand({
  path: 'credits decline',
  summary: 'Decline a top-up request (operators)',
  hidden: true,
  options: [
    // The reason first: text typed after the button's label (the console's `press Decline <reason>`) is all reason.
    opt.text('reason', 'Why, for the person who asked (optional)', { max: 300, required: false, rest: true }),
    opt.text('request', 'Top-up request id', { max: 64, internal: true }),
  ],
  async run({ deps, actor, options }) {
    const request = await declineTopUp(deps, actor, options.request, options.reason);
    const what = md`the request to add *${formatCents(request.amountCents)}* credits to *${request.team.name}*`;
    return reply(md`Declined ${what}; ${request.requester.displayName} has been told.`, {
      title: 'Top-up declined',
    });
  },
});
