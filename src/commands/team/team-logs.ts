import { describeAudit } from '../../audit/describe-audit.ts';
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
  async run({ deps, team, options }) {
    const entries = await deps.db.auditEntry.findMany({
      where: { teamId: team.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit ?? 20,
    });
    const people = await deps.db.user.findMany({
      where: { id: { in: entries.flatMap((e) => (e.actorId ? [e.actorId] : [])) } },
    });
    const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
    return listReply(
      'User log',
      entries,
      {
        none: 'The user log is empty.',
        some: (n) => md`Latest ${plural(n, 'entry', 'entries')} of *${team.name}*'s user log.`,
      },
      (e) => ({
        text: md`${formatTime(e.createdAt)}: ${e.actorId ? (nameOf.get(e.actorId) ?? 'someone') : 'Tally'} ${describeAudit(e)}.`,
      }),
    );
  },
});
