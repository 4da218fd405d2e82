import { button, success, warning } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { tellMember } from '../../teams/member-notices.ts';
import { requireMember, transferOwnership } from '../../teams/membership.ts';
import { knownMember } from '../../users/find-person.ts';
import { teamCommand } from '../define.ts';
import { opt, personButtonValue } from '../options.ts';

export default teamCommand({
  path: 'team transfer',
  summary: 'Make another member the Owner (you become Co-Owner)',
  options: [
    opt.person('person', 'The new Owner'),
    opt.choice('confirm', 'Set by the confirmation button', ['yes'], {
      required: false,
      namedOnly: true,
      internal: true,
    }),
  ],
  permission: 'team.transfer',
  async run({ deps, actor, team, access, options, idempotencyKey }) {
    const target = await knownMember(deps, options.person, team.name);
    if (options.confirm !== 'yes') {
      await requireMember(deps, access, target);
      const demotion = md`You will become Co-Owner and lose Owner-only rights.`;
      return warning(md`Make ${target.displayName} the Owner of *${team.name}*? ${demotion}`, {
        buttons: [
          button(
            `Transfer to ${target.displayName}`,
            'team transfer',
            { team: team.id, person: personButtonValue(target.userId), confirm: 'yes' },
            { style: 'danger' },
          ),
        ],
      });
    }
    await transferOwnership(deps, actor.userId, access, target);
    const canNow = md`You can now delete the team and transfer it again.`;
    await tellMember(
      deps,
      { teamId: team.id, userId: target.userId },
      {
        title: 'You own a team now',
        text: md`${actor.displayName} made you the Owner of *${team.name}*; they stay on as Co-Owner. ${canNow}`,
        key: idempotencyKey,
      },
    );
    return success(md`${target.displayName} now owns *${team.name}*. You are Co-Owner.`);
  },
});
