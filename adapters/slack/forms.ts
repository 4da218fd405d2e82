import type { webApi } from '@slack/bolt';
import { findCommand } from '../../src/commands/index.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import { formModal, formOptions } from './form-modal.ts';

/** A command that still lacks a required value is asked for in a form rather than refused. */
export function lacksRequired(path: string, args: RawArgs): boolean {
  const command = findCommand(path);
  return Boolean(command && formOptions(command, args).some((o) => o.required));
}

/** Opens the form; must happen within 3 seconds of the trigger, so before any database work. */
export async function openForm(client: webApi.WebClient, triggerId: string, path: string, preset: Record<string, string>, channelId?: string): Promise<void> {
  const command = findCommand(path);
  if (!command) throw new Error(`no command ${path}`);
  await client.views.open({ trigger_id: triggerId, view: formModal(command, { c: path, a: preset, ...(channelId && { ch: channelId }) }) });
}
