import { formatCents } from '../../money.ts';
import { reply } from '../../reply.ts';
import { filterOffers } from '../../resources/catalog-filter.ts';
import { offersNow } from '../../resources/offers-now.ts';
import { md } from '../../rich-text.ts';
import { userCommand } from '../define.ts';
import { opt } from '../options.ts';

const named = { required: false, namedOnly: true } as const;

export default userCommand({
  path: 'launch catalog',
  summary: 'What can be launched, and the price per hour; filter instances by GPU, region or count',
  example: '/launch catalog gpu:h100 count:8',
  options: [
    opt.text('gpu', 'Only offers with this GPU, like h100', { ...named, max: 40 }),
    opt.text('region', 'Only offers with capacity in this region now', { ...named, max: 64 }),
    opt.integer('count', 'Only offers with this many GPUs', { ...named, min: 1, max: 64 }),
  ],
  async run({ deps, options }) {
    const catalog = await offersNow(deps);
    const filtered = options.gpu !== undefined || options.region !== undefined || options.count !== undefined;
    const instances = filterOffers(catalog, options).map((o) => {
      const where = o.regions?.length ? md` in ${o.regions.join(', ')}` : '';
      return { text: md`instance \`${o.id}\`: ${o.label}, *${formatCents(o.hourly)}*/h${where}` };
    });
    const others = filtered
      ? []
      : [
          ...catalog.inference.map((o) => ({
            text: md`inference \`${o.id}\`: ${o.label}, *${formatCents(o.hourly)}*/h`,
          })),
          {
            text:
              `volume: ${formatCents(catalog.volumes.perGbMonth)} per GB-month, ` +
              `${catalog.volumes.minGb}–${catalog.volumes.maxGb} GB`,
          },
        ];
    if (filtered && instances.length === 0)
      return reply(md`No instance offer matches that now. \`/launch catalog\` lists them all.`, { title: 'Catalog' });
    return reply('Prices per hour. A launch charges the first hour at once; then each hour is charged as it starts.', {
      title: 'Catalog',
      items: [...instances, ...others],
    });
  },
});
