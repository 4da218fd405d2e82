import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord-api-types/v10';
import type { Command } from '../../src/commands/define.ts';
import { missingOptions } from '../../src/commands/form-fields.ts';
import type { RawArgs } from '../../src/commands/options.ts';
import { encodeCustomId } from './custom-id.ts';

// A Discord modal holds at most five inputs.
const MAX_INPUTS = 5;

/** The options a modal asks for: the missing ones that are typed (people are not), five at most. */
export function modalOptions(command: Command, preset: RawArgs) {
  return missingOptions(command, preset)
    .filter((o) => o.type !== 'person')
    .slice(0, MAX_INPUTS);
}

export function formModal(command: Command, preset: Record<string, string>): APIModalInteractionResponseCallbackData {
  const title = command.path.replace(/-/g, ' ');
  return {
    custom_id: encodeCustomId('form', 0, command.path, preset),
    title: (title.charAt(0).toUpperCase() + title.slice(1)).slice(0, 45),
    components: modalOptions(command, preset).map((option) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: option.name,
          label: option.name.charAt(0).toUpperCase() + option.name.slice(1),
          placeholder: option.description.slice(0, 100),
          style: option.multiline || (option.maxLength ?? 0) > 200 ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: option.required,
          ...(option.maxLength && { max_length: Math.min(option.maxLength, 4000) }),
        },
      ],
    })),
  };
}
