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
    // Named: the SSH key stays the third word, as it always was.
    opt.text('region', "Region, like eu-west (the offer's first available when not given)", {
      required: false,
      max: 64,
      namedOnly: true,
    }),
    opt.text('os', "OS image (the offer's first when not given; see /launch catalog)", {
      required: false,
      max: 100,
      namedOnly: true,
    }),
  ],
  permission: 'resources.launch',
  async run(ctx) {
    const { flavor, name, sshkey, region, os } = ctx.options;
    return launch(ctx, {
      kind: 'instance',
      flavor,
      name,
      ...(sshkey !== undefined && { sshKeyName: sshkey }),
      ...(region !== undefined && { region }),
      ...(os !== undefined && { os }),
    });
  },
});
