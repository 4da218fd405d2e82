import { success } from '../../reply.ts';
import { addSshKey } from '../../resources/ssh-keys.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export const SSH_KEY_NAME = opt.text('name', 'Key name', {
  max: 40,
  label: 'SSH key name',
  pattern: /^[\w.-]+$/,
  patternHint: 'may hold letters, digits, dots, dashes and underscores',
});

export default teamCommand({
  path: 'resources sshkey add',
  summary: 'Add an SSH public key for instances',
  options: [
    SSH_KEY_NAME,
    opt.text('key', 'The OpenSSH public key line (ssh-ed25519 AAAA… comment)', {
      max: 16_384,
      rest: true,
      multiline: true,
    }),
  ],
  permission: 'resources.launch',
  async run({ deps, actor, team, access, options }) {
    const key = await addSshKey(deps, actor.userId, access, options.name, options.key);
    return success(md`Added SSH key *${key.name}* to *${team.name}*: \`${key.fingerprint}\`.`);
  },
});
