import type { webApi } from '@slack/bolt';
import type { Command } from '../../src/commands/define.ts';
import { formModal } from './form-modal.ts';

export { lacksRequired } from '../../src/commands/form-fields.ts';

/** Opens the form; must happen within 3 seconds of the trigger, so before any database work. */
export async function openForm(
  client: webApi.WebClient,
  triggerId: string,
  command: Command,
  preset: Record<string, string>,
  channelId?: string,
): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: formModal(command, { c: command.path, a: preset, ...(channelId && { ch: channelId }) }),
  });
}
