import { success } from '../../reply.ts';
import { removeSshKey } from '../../resources/ssh-keys.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { SSH_KEY_NAME } from './sshkey-add.ts';

export default teamCommand({
  path: 'resources sshkey remove',
  summary: 'Remove an SSH key (running instances keep it)',
  options: [{ ...SSH_KEY_NAME, autocomplete: 'sshkey' }],
  permission: 'resources.launch',
  async run({ deps, actor, access, options }) {
    const key = await removeSshKey(deps, actor.userId, access, options.name);
    return success(md`Removed SSH key *${key.name}* (\`${key.fingerprint}\`).`);
  },
});
