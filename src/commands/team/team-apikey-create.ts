import { createApiKey } from '../../apikeys/api-keys.ts';
import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { roleOption } from './invite-options.ts';

export const API_KEY_NAME = opt.text('name', 'Key name', {
  max: 40,
  label: 'API key name',
  pattern: /^[\w.-]+$/,
  patternHint: 'may hold letters, digits, dots, dashes and underscores',
});

export default teamCommand({
  path: 'team apikey create',
  summary: 'Create a team API key (the secret is shown once)',
  options: [API_KEY_NAME, roleOption('Role the key acts with (default Member; never Owner)')],
  permission: 'apikeys.manage',
  async run({ deps, actor, team, access, options }) {
    const { key, token } = await createApiKey(deps, actor.userId, access, options.name, options.role);
    const copy = md`Copy it now: it is shown only this once and stored only as a hash.`;
    const what = md`API key *${key.name}* for *${team.name}*, acting as ${key.role.name}`;
    return success(md`${what}:\n\`${token}\`\n${copy}`, { ephemeral: true });
  },
});
