import { listApiKeys } from '../../apikeys/api-keys.ts';
import { formatTime, plural } from '../../format.ts';
import { listReply } from '../../reply.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';

export default teamCommand({
  path: 'team apikey list',
  summary: 'The live API keys of the team',
  options: [],
  permission: 'apikeys.manage',
  async run({ deps, access }) {
    const keys = await listApiKeys(deps, access);
    return listReply(
      'API keys',
      keys,
      {
        none: md`No API keys. Create one with \`/team apikey create <name>\`.`,
        some: (n) => `${plural(n, 'live API key')}.`,
      },
      (key) => ({
        text: md`*${key.name}* \`tly_${key.prefix}_…\``,
        fields: [
          { label: 'Role', value: key.role.name },
          { label: 'Created', value: formatTime(key.createdAt) },
          // Written at most every ten minutes: "about" keeps the list honest.
          { label: 'Last used', value: key.lastUsedAt ? `about ${formatTime(key.lastUsedAt)}` : 'never' },
        ],
      }),
    );
  },
});
