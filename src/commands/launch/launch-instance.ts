import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { launch, RESOURCE_NAME } from './launch-common.ts';

export default teamCommand({
  path: 'launch instance',
  summary: 'Launch a GPU instance; the first hour is charged now',
  options: [
    opt.text('flavor', 'Instance flavor, e.g. h100 (see /launch catalog)', {
      max: 32,
      lowercase: true,
      autocomplete: 'flavor',
    }),
    RESOURCE_NAME,
    opt.text('sshkey', 'Name of a team SSH key to install', { required: false, max: 40, autocomplete: 'sshkey' }),
  ],
  permission: 'resources.launch',
  async run(ctx) {
    const { flavor, name, sshkey } = ctx.options;
    return launch(ctx, { kind: 'instance', flavor, name, ...(sshkey !== undefined && { sshKeyName: sshkey }) });
  },
});
