import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { createRole, parsePermissionList } from '../../roles/custom-roles.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export const ROLE_NAME_OPTION = opt.text('name', 'Role name', {
  max: 32,
  label: 'role name',
  pattern: /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u,
  patternHint: 'may hold letters, digits, spaces, dots, dashes and underscores',
});

export default teamCommand({
  path: 'team role-create',
  summary: 'Create a custom role from a list of permissions',
  options: [
    ROLE_NAME_OPTION,
    opt.text('permissions', 'Comma-separated permissions, e.g. billing.view,resources.launch', {
      max: 400,
      rest: true,
      multiline: true,
    }),
  ],
  permission: 'roles.manage',
  async run({ deps, actor, access, options }) {
    const role = await createRole(deps, actor.userId, access, options.name, parsePermissionList(options.permissions));
    const give = md`Give it with \`/team role @person ${role.name}\`.`;
    return success(md`Created the role *${role.name}* with ${role.permissions.join(', ')}. ${give}`);
  },
});
