import { button, success, warning } from '../../reply.ts';
import { requireMember, transferOwnership } from '../../teams/membership.ts';
import { knownMember } from '../../users/find-person.ts';
import { teamCommand } from '../define.ts';
import { opt, personButtonValue, type PersonRef } from '../options.ts';

export default teamCommand<{ person: PersonRef; confirm?: 'yes' }>({
  path: 'team transfer',
  summary: 'Make another member the Owner (you become Co-Owner)',
  options: [opt.person('person', 'The new Owner'), opt.choice('confirm', 'Set by the confirmation button', ['yes'], { required: false, namedOnly: true, internal: true })],
  permission: 'team.transfer',
  async run({ deps, actor, team, options }) {
    const target = await knownMember(deps, options.person, team.team.name);
    if (options.confirm !== 'yes') {
      await requireMember(deps, team, target);
      return warning(`Make ${target.displayName} the Owner of *${team.team.name}*? You will become Co-Owner and lose Owner-only rights.`, {
        buttons: [button(`Transfer to ${target.displayName}`, 'team transfer', { team: team.team.id, person: personButtonValue(target.userId), confirm: 'yes' }, { style: 'danger' })],
      });
    }
    await transferOwnership(deps, actor.userId, team, target);
    return success(`${target.displayName} now owns *${team.team.name}*. You are Co-Owner.`);
  },
});
