import type { Deps } from '../deps.ts';
import { notifyUser } from '../notify.ts';
import { reply } from '../reply.ts';
import type { Text } from '../rich-text.ts';

/**
 * A DM to the person a membership change is about (a new role, a removal, ownership handed to
 * them): they did not run the command, so nothing else would tell them. `key` is the command's
 * idempotency key, so a retried delivery of the same change is queued once.
 */
export async function tellMember(
  deps: Deps,
  to: { teamId: string; userId: string },
  notice: { title: string; text: Text; key: string },
): Promise<void> {
  await notifyUser(deps, to.userId, reply(notice.text, { title: notice.title }), {
    teamId: to.teamId,
    key: `member-notice:${notice.key}`,
  });
}
