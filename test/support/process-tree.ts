import { readdirSync, readFileSync } from 'node:fs';

/** pid → parent pid of every process, from /proc (Linux). */
function parents(): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces or parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      found.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Every process started by `pid`, its children's children included. */
export function descendantsOf(pid: number): number[] {
  const all = parents();
  const tree: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of all) {
      if (ppid === parent) {
        tree.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return tree;
}

/** Whether `pid` still runs (a zombie, exited but not yet reaped, does not count). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
