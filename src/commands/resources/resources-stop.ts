import { formatCents } from '../../money.ts';
import { success } from '../../reply.ts';
import { stopResource } from '../../resources/stop-resource.ts';
import { md } from '../../rich-text.ts';
import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';

export default teamCommand({
  path: 'resources stop',
  summary: 'Stop a resource; unused whole minutes are refunded',
  options: [opt.text('name', 'Resource name', { max: 40, autocomplete: 'resource' })],
  permission: 'resources.manage',
  async run({ deps, actor, access, options }) {
    const { resource, refundCents } = await stopResource(deps, actor.userId, access, options.name);
    return success(
      md`Stopped *${resource.name}*.${refundCents > 0 ? ` Refunded ${formatCents(refundCents)} for unused time.` : ''}`,
    );
  },
});
