import { revokeApiKey } from '../../apikeys/api-keys.ts';
import { success } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { API_KEY_NAME } from './team-apikey-create.ts';

export default teamCommand({
  path: 'team apikey revoke',
  summary: 'Revoke an API key at once',
  options: [{ ...API_KEY_NAME, autocomplete: 'apikey' }],
  permission: 'apikeys.manage',
  async run({ deps, actor, access, options }) {
    const key = await revokeApiKey(deps, actor.userId, access, options.name);
    return success(md`Revoked *${key.name}* (\`tly_${key.prefix}_…\`). Requests with it are refused from now on.`);
  },
});
