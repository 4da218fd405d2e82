import { reply } from '../reply.ts';
import { md } from '../rich-text.ts';
import { PERMISSION_DESCRIPTIONS } from '../roles/permissions.ts';
import { type Command, typedForms, typedUsage, usageOf, userCommand } from './define.ts';

/** `/team help` and friends: every visible subcommand with its usage, from the command list itself. */
export function helpCommand(top: string, commands: () => Command[]): Command {
  return userCommand({
    path: `${top} help`,
    summary: `What /${top} can do`,
    options: [],
    async run({ origin }) {
      const mine = commands().filter((c) => !c.hidden && c.path.split(' ')[0] === top);
      const needs = (c: Command) =>
        c.scope === 'team' && c.permission ? ` (needs ${c.permission}: ${PERMISSION_DESCRIPTIONS[c.permission]})` : '';
      // Each platform's own syntax: a typed line, or the platform's typed options and subcommands.
      const items =
        origin.optionSyntax === 'typed'
          ? mine.flatMap((c) =>
              typedForms(c).map((form) => ({ text: md`\`${typedUsage(form)}\`: ${form.summary}${needs(c)}` })),
            )
          : mine.map((c) => ({
              text: md`\`${usageOf(c)}\`: ${c.summary}${c.example ? md`, e.g. \`${c.example}\`` : ''}${needs(c)}`,
            }));
      return reply(md`Every command also takes \`team:<name or id>\` to act on a team other than your active one.`, {
        title: `/${top} commands`,
        items,
      });
    },
  });
}
