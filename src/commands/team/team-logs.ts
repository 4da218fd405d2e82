import { describeAudit } from '../../audit/describe-audit.ts';
import { readUserLog } from '../../audit/user-log.ts';
import { formatTime, plural } from '../../format.ts';
import { listReply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team logs',
  summary: "The team's user log: who did what, when",
  options: [opt.integer('limit', 'How many entries (default 20, at most 100)', { required: false, min: 1, max: 100 })],
  permission: 'logs.view',
  async run({ deps, team, access, options }) {
    const { entries, nameOf } = await readUserLog(deps, access, options.limit ?? 20);
    return listReply(
      'User log',
      entries,
      {
        none: 'The user log is empty.',
        some: (n) => md`Latest ${plural(n, 'entry', 'entries')} of *${team.name}*'s user log.`,
      },
      (e) => {
        const who = e.actorId ? (nameOf.get(e.actorId) ?? 'someone') : 'Tally';
        return { text: md`${formatTime(e.createdAt)}: ${who} ${describeAudit(e)}.` };
      },
    );
  },
});
