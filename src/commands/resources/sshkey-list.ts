import { formatDate } from '../../format.ts';
import { reply } from '../../reply.ts';
import { listSshKeys } from '../../resources/ssh-keys.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'resources sshkey list',
  summary: "The team's SSH keys",
  options: [],
  permission: 'resources.view',
  async run({ deps, team }) {
    const keys = await listSshKeys(deps, team.team.id);
    return reply(keys.length ? `${keys.length} SSH key${keys.length === 1 ? '' : 's'}.` : 'No SSH keys. Add one with `/resources sshkey add <name> <public key>`.', {
      title: 'SSH keys',
      items: keys.map((k) => ({ text: `*${k.name}* \`${k.fingerprint}\`, added ${formatDate(k.createdAt)}` })),
    });
  },
});
