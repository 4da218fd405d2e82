import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { editRole, parsePermissionList } from '../../roles/custom-roles.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { ROLE_NAME_OPTION } from './team-role-create.ts';

export default teamCommand({
  path: 'team role-edit',
  summary: 'Rename a custom role or change its permissions',
  options: [
    opt.text('role', 'The custom role', { max: 32, autocomplete: 'role' }),
    { ...ROLE_NAME_OPTION, required: false, namedOnly: true, schema: ROLE_NAME_OPTION.schema.optional() },
    opt.text('permissions', 'New comma-separated permissions', { required: false, namedOnly: true, max: 400 }),
  ],
  permission: 'roles.manage',
  async run({ deps, actor, access, options }) {
    const role = await editRole(deps, actor.userId, access, options.role, {
      ...(options.name !== undefined && { name: options.name }),
      ...(options.permissions !== undefined && { permissions: parsePermissionList(options.permissions) }),
    });
    return success(md`Saved the role *${role.name}*: ${role.permissions.join(', ')}.`);
  },
});
