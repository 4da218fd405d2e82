import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../src/commands/define.ts';
import { missingOptions } from '../../src/commands/form-fields.ts';
import type { OptionSpec, RawArgs } from '../../src/commands/options.ts';
import { slackChannelOption } from './slack-channels.ts';

/** Carried in the modal's private_metadata: the command, values already known, where to answer. */
const FormMetadataSchema = z.object({ c: z.string(), a: z.record(z.string(), z.string()), ch: z.string().optional() });
export type FormMetadata = z.infer<typeof FormMetadataSchema>;

export const FORM_CALLBACK = 'tally_form';

function titleOf(command: Command): string {
  const words = command.path.replace(/-/g, ' ');
  const title = words.charAt(0).toUpperCase() + words.slice(1);
  return title.length <= 24 ? title : `${title.slice(0, 23)}…`;
}

function inputElement(option: OptionSpec): types.InputBlock['element'] {
  if (option.type === 'person') return { type: 'users_select', action_id: 'value' };
  if (option.type === 'channel')
    return { type: 'conversations_select', action_id: 'value', default_to_current_conversation: true };
  if (option.choices) {
    return {
      type: 'static_select',
      action_id: 'value',
      options: option.choices.map((c) => ({ text: { type: 'plain_text', text: c }, value: c })),
    };
  }
  return {
    type: 'plain_text_input',
    action_id: 'value',
    ...(option.multiline && { multiline: true }),
    ...(option.maxLength && { max_length: Math.min(option.maxLength, 3000) }),
  };
}

export function commandFormView(command: Command, metadata: FormMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: titleOf(command) },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: command.summary }] },
      ...missingOptions(command, metadata.a).map(
        (option): types.InputBlock => ({
          type: 'input',
          block_id: option.name,
          optional: !option.required,
          label: { type: 'plain_text', text: option.name.charAt(0).toUpperCase() + option.name.slice(1) },
          hint: { type: 'plain_text', text: option.description.slice(0, 150) },
          element: inputElement(option),
        }),
      ),
    ],
  };
}

export function readFormMetadata(raw: string): FormMetadata | null {
  try {
    const parsed = FormMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type StateValue = {
  type: string;
  value?: string | null;
  selected_user?: string | null;
  selected_conversation?: string | null;
  selected_option?: { value: string } | null;
};

/** Form answers → raw arguments, as if typed; people and channels become those of this workspace. */
export function readFormValues(state: Record<string, Record<string, StateValue>>, workspaceId: string): RawArgs {
  const args: RawArgs = {};
  for (const [name, actions] of Object.entries(state)) {
    const input = actions.value;
    if (!input) continue;
    if (input.selected_user) {
      args[name] = {
        kind: 'person',
        platform: 'slack',
        workspaceId,
        platformUserId: input.selected_user,
        displayName: input.selected_user,
      };
    } else if (input.selected_conversation) {
      args[name] = slackChannelOption(workspaceId, input.selected_conversation);
    } else if (input.selected_option) {
      args[name] = input.selected_option.value;
    } else if (typeof input.value === 'string' && input.value !== '') {
      args[name] = input.value;
    }
  }
  return args;
}
