import { formatCents } from '../../money.ts';
import { button, success, warning } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { deleteTeam, refuseUndeletable } from '../../teams/team-lifecycle.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team delete',
  summary: 'Delete the team (Owner only; asks for confirmation)',
  options: [
    opt.choice('confirm', 'Set by the confirmation button', ['yes'], {
      required: false,
      namedOnly: true,
      internal: true,
    }),
  ],
  permission: 'team.delete',
  async run({ deps, actor, team, access, options }) {
    if (options.confirm !== 'yes') {
      await refuseUndeletable(deps, access);
      const credits =
        team.balanceCents > 0 ? ` Its remaining ${formatCents(team.balanceCents)} credits can no longer be used.` : '';
      const loses = md`Every member loses access and its invite links and API keys stop working.`;
      return warning(md`Delete *${team.name}*? ${loses}${credits} This cannot be undone.`, {
        buttons: [
          button(
            `Delete ${team.name}`,
            'team delete',
            { team: team.id, confirm: 'yes' },
            { style: 'danger', confirm: `Really delete ${team.name}?` },
          ),
        ],
      });
    }
    await deleteTeam(deps, actor.userId, access);
    const kept = md`*${team.name}* has been deleted. Its ledger and invoices are kept for your records:`;
    const commands = md`\`/credits invoices team:${team.id}\`, \`/credits statement team:${team.id}\``;
    return success(
      md`${kept} billing roles can still read them with ${commands} and \`/credits history team:${team.id}\`.`,
    );
  },
});
