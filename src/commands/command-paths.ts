import { type Command, typedForms } from './define.ts';

/**
 * The commands by path. Two commands on one path, or a typed variant (`/team invite link`) on
 * another command's path, would make one of them unreachable without a word: refuse at start-up.
 */
export function indexByPath(commands: readonly Command[]): Map<string, Command> {
  const byPath = new Map<string, Command>();
  const claimedBy = new Map<string, string>();
  const claim = (path: string, who: string) => {
    const earlier = claimedBy.get(path);
    if (earlier) throw new Error(`Two commands have the path "${path}": ${earlier} and ${who}.`);
    claimedBy.set(path, who);
  };
  for (const command of commands) {
    claim(command.path, `/${command.path}`);
    byPath.set(command.path, command);
    for (const form of typedForms(command)) {
      if (form.path !== command.path) claim(form.path, `the typed variant /${form.path} of /${command.path}`);
    }
  }
  return byPath;
}
