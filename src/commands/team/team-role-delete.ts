import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { deleteRole } from '../../roles/custom-roles.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'team role-delete',
  summary: 'Delete a custom role nobody holds',
  options: [opt.text('role', 'The custom role', { max: 32, autocomplete: 'role' })],
  permission: 'roles.manage',
  async run({ deps, actor, access, options }) {
    await deleteRole(deps, actor.userId, access, options.role);
    return success(md`Deleted the role *${options.role}*.`);
  },
});
