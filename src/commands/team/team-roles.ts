import { plural } from '../../format.ts';
import { reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { listRoles } from '../../roles/custom-roles.ts';
import { permissionsOf } from '../../roles/permissions.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team roles',
  summary: 'The roles of the team and what each may do',
  options: [],
  permission: null,
  async run({ deps, team, access }) {
    const roles = await listRoles(deps, access);
    return reply(md`Roles of *${team.name}*. Owner-only, never delegable: delete team, transfer ownership.`, {
      title: 'Roles',
      items: roles.map((role) => ({
        text: md`*${role.name}*${role.key ? '' : ' (custom)'}: ${plural(role._count.memberships, 'member')}`,
        fields: [
          {
            label: 'Permissions',
            value: [...permissionsOf(role)].filter((p) => !p.startsWith('team.')).join(', ') || 'none',
          },
        ],
      })),
    });
  },
});
