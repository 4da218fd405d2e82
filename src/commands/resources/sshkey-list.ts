import { formatDate, plural } from '../../format.ts';
import { listReply } from '../../reply.ts';
import { listSshKeys } from '../../resources/ssh-keys.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'resources sshkey list',
  summary: "The team's SSH keys",
  options: [],
  permission: 'resources.view',
  async run({ deps, access }) {
    const keys = await listSshKeys(deps, access);
    return listReply(
      'SSH keys',
      keys,
      {
        none: md`No SSH keys. Add one with \`/resources sshkey add <name> <public key>\`.`,
        some: (n) => `${plural(n, 'SSH key')}.`,
      },
      (k) => ({
        text: md`*${k.name}* \`${k.fingerprint}\`, added ${formatDate(k.createdAt)}`,
      }),
    );
  },
});
