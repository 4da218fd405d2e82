import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { launch, RESOURCE_NAME } from './launch-common.ts';

export default teamCommand({
  path: 'launch volume',
  summary: 'Create a block volume; the first hour is charged now',
  options: [opt.integer('size', 'Size in GB', { min: 1, max: 1_000_000 }), RESOURCE_NAME],
  permission: 'resources.launch',
  async run(ctx) {
    return launch(ctx, { kind: 'volume', sizeGb: ctx.options.size, name: ctx.options.name });
  },
});
