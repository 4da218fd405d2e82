import { listApiKeys } from '../../apikeys/api-keys.ts';
import { formatTime } from '../../format.ts';
import { reply } from '../../reply.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team apikey list',
  summary: 'The live API keys of the team',
  options: [],
  permission: 'apikeys.manage',
  async run({ deps, team }) {
    const keys = await listApiKeys(deps, team.team.id);
    return reply(keys.length ? `${keys.length} live API key${keys.length === 1 ? '' : 's'}.` : 'No API keys. Create one with `/team apikey create <name>`.', {
      title: 'API keys',
      items: keys.map((key) => ({
        text: `*${key.name}* \`tly_${key.prefix}_…\``,
        fields: [
          { label: 'Created', value: formatTime(key.createdAt) },
          { label: 'Last used', value: key.lastUsedAt ? formatTime(key.lastUsedAt) : 'never' },
        ],
      })),
    });
  },
});
