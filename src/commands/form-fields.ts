import type { Command } from './define.ts';
import type { OptionSpec, RawArgs } from './options.ts';

/** The options a form asks for: those not given yet, never `team` or the button-only ones. */
export function missingOptions(command: Command, preset: RawArgs): OptionSpec[] {
  return command.options.filter((o) => !o.internal && o.name !== 'team' && preset[o.name] === undefined);
}

/**
 * A command that still lacks a required value is asked for in a form rather than refused.
 * `asked`: what the platform's form can ask (Discord's modals take no people, five inputs at most).
 */
export function lacksRequired(
  command: Command,
  args: RawArgs,
  asked: (command: Command, preset: RawArgs) => OptionSpec[] = missingOptions,
): boolean {
  return asked(command, args).some((o) => o.required);
}
