import { formatTime } from '../../format.ts';
import type { InviteLink, Role } from '../../generated/prisma/client.ts';
import { button, type Reply, reply } from '../../reply.ts';
import { md } from '../../rich-text.ts';

function limits(link: InviteLink): string {
  const expiry = link.expiresAt ? `expires ${formatTime(link.expiresAt)}` : 'never expires';
  const uses = link.maxUses ? `${link.uses} of ${link.maxUses} uses` : `${link.uses} uses, no limit`;
  return `${expiry}; ${uses}`;
}

const linkButtons = (teamId: string) => [
  button(
    'Regenerate',
    'team invite regenerate',
    { team: teamId },
    { confirm: 'The current link stops working at once. Regenerate?' },
  ),
  button(
    'Disable',
    'team invite disable',
    { team: teamId },
    { style: 'danger', confirm: 'Disable every invite link of this team?' },
  ),
];

/** A fresh link: the only time its code is ever shown. */
export function newLinkReply(
  teamId: string,
  teamName: string,
  code: string,
  url: string,
  link: InviteLink & { role: Role },
): Reply {
  return reply(md`Invite link for *${teamName}*: ${url}\nOr join with \`/team join ${code}\`.`, {
    title: 'Invite link',
    fields: [
      { label: 'Code', value: code },
      { label: 'Joins as', value: link.role.name },
      { label: 'Limits', value: limits(link) },
    ],
    buttons: linkButtons(teamId),
  });
}

/** An existing link: its code is stored only as a hash, so it cannot be shown again. */
export function existingLinkReply(teamId: string, teamName: string, link: InviteLink & { role: Role }): Reply {
  const codes = md`Codes are shown only once: *Regenerate* makes a new one (the old one stops working).`;
  return reply(md`*${teamName}* has an active invite link, created ${formatTime(link.createdAt)}. ${codes}`, {
    title: 'Invite link',
    fields: [
      { label: 'Joins as', value: link.role.name },
      { label: 'Limits', value: limits(link) },
    ],
    buttons: linkButtons(teamId),
  });
}
