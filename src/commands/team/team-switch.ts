import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { resolveTeam } from '../../teams/resolve-team.ts';
import { switchTeam } from '../../teams/team-lifecycle.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

export default userCommand({
  path: 'team switch',
  summary: 'Make another of your teams the active one',
  options: [opt.text('to', 'Team name or id', { max: 64, autocomplete: 'team', label: 'team' })],
  async run({ deps, actor, options }) {
    const ctx = await resolveTeam(deps.db, actor.userId, options.to);
    await switchTeam(deps, actor.userId, ctx);
    const unless = md`Commands act on it unless you add \`team:\`.`;
    return success(md`Your active team is now *${ctx.team.name}* (you are ${ctx.role.name}). ${unless}`);
  },
});
