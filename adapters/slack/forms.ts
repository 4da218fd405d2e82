import type { webApi } from '@slack/bolt';
import { findCommand } from '../../src/commands/index.ts';
import { formModal } from './form-modal.ts';

export { lacksRequired } from '../../src/commands/form-fields.ts';

/** Opens the form; must happen within 3 seconds of the trigger, so before any database work. */
export async function openForm(
  client: webApi.WebClient,
  triggerId: string,
  path: string,
  preset: Record<string, string>,
  channelId?: string,
): Promise<void> {
  const command = findCommand(path);
  if (!command) throw new Error(`no command ${path}`);
  await client.views.open({
    trigger_id: triggerId,
    view: formModal(command, { c: path, a: preset, ...(channelId && { ch: channelId }) }),
  });
}
