import type { webApi } from '@slack/bolt';
import type { Command } from '../../src/commands/define.ts';
import { commandFormView } from './command-form-view.ts';

export { lacksRequired } from '../../src/commands/form-fields.ts';

/**
 * Opens the form that asks for what a command still lacks; within 3 seconds of the trigger, so
 * before any database work.
 */
export async function openCommandForm(
  client: webApi.WebClient,
  triggerId: string,
  command: Command,
  preset: Record<string, string>,
  channelId?: string,
): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: commandFormView(command, { c: command.path, a: preset, ...(channelId && { ch: channelId }) }),
  });
}
