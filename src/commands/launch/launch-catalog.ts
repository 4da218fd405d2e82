import { formatCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { offersNow } from '../../resources/offers-now.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';

export default userCommand({
  path: 'launch catalog',
  summary: 'What can be launched, and the price per hour',
  options: [],
  async run({ deps }) {
    const catalog = await offersNow(deps);
    return reply('Prices per hour. A launch charges the first hour at once; then each hour is charged as it starts.', {
      title: 'Catalog',
      items: [
        ...catalog.instances.map((o) => ({ text: md`instance \`${o.id}\`: ${o.label}, *${formatCents(o.hourly)}*/h` })),
        ...catalog.inference.map((o) => ({
          text: md`inference \`${o.id}\`: ${o.label}, *${formatCents(o.hourly)}*/h`,
        })),
        {
          text:
            `volume: ${formatCents(catalog.volumes.perGbMonth)} per GB-month, ` +
            `${catalog.volumes.minGb}–${catalog.volumes.maxGb} GB`,
        },
      ],
    });
  },
});
