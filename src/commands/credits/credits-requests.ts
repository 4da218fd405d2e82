import { listPendingTopUps } from '../../credits/pending-top-ups.ts';
import { requestButtons } from '../../credits/top-up-requests.ts';
import { formatTime, plural } from '../../format.ts';
import { formatCents } from '../../money.ts';
import { listReply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';

/** The top-up requests waiting for an operator, each with the *Approve* and *Decline* of its DM. */
export default userCommand({
  path: 'credits requests',
  summary: 'Top-up requests waiting for an operator, oldest first (operators)',
  options: [],
  async run({ deps, actor }) {
    const { requests, total } = await listPendingTopUps(deps, actor);
    const more = total > requests.length ? `; the oldest ${requests.length} of ${total} are shown` : '';
    return listReply(
      'Top-up requests',
      requests,
      {
        none: 'No top-up request is waiting for an operator.',
        some: (n) => `${plural(n, 'request')} waiting, oldest first${more}.`,
      },
      (r) => ({
        text: md`*${formatCents(r.amountCents)}* credits to *${r.team.name}*, asked by ${r.requester.displayName}`,
        fields: [
          { label: 'Asked', value: formatTime(r.createdAt) },
          { label: 'Expires', value: formatTime(r.expiresAt) },
          { label: 'Team id', value: md`\`${r.teamId}\`` },
        ],
        buttons: requestButtons(r.id),
      }),
    );
  },
});
