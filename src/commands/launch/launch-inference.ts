import { teamCommand } from '../define.ts';
import { opt } from '../options.ts';
import { launch, RESOURCE_NAME } from './launch-common.ts';

export default teamCommand({
  path: 'launch inference',
  summary: 'Launch an inference endpoint; the first hour is charged now',
  options: [
    opt.text('model', 'Model, e.g. llama-3.1-8b (see /launch catalog)', {
      max: 40,
      lowercase: true,
      autocomplete: 'model',
    }),
    RESOURCE_NAME,
  ],
  permission: 'resources.launch',
  async run(ctx) {
    return launch(ctx, { kind: 'inference', model: ctx.options.model, name: ctx.options.name });
  },
});
