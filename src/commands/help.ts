import { reply } from '../reply.ts';
import { PERMISSION_DESCRIPTIONS } from '../roles/permissions.ts';
import { usageOf, userCommand, type Command } from './define.ts';
import { md } from '../rich-text.ts';

/** `/team help` and friends: every visible subcommand with its usage, from the command list itself. */
export function helpCommand(top: string, commands: () => Command[]): Command {
  return userCommand({
    path: `${top} help`,
    summary: `What /${top} can do`,
    options: [],
    async run() {
      const mine = commands().filter((c) => !c.hidden && c.path.split(' ')[0] === top);
      return reply(md`Every command also takes \`team:<name or id>\` to act on a team other than your active one.`, {
        title: `/${top} commands`,
        items: mine.map((c) => ({
          text: md`\`${usageOf(c)}\`: ${c.summary}${c.example ? md`, e.g. \`${c.example}\`` : ''}${c.scope === 'team' && c.permission ? ` (needs ${c.permission}: ${PERMISSION_DESCRIPTIONS[c.permission]})` : ''}`,
        })),
      });
    },
  });
}
