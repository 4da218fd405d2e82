import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatTime, plural } from '../../src/format.ts';
import type { InvalidInvite, InvitePreview, ValidInvite } from '../../src/invites/invite-preview.ts';
import { COPY_SCRIPT, STYLE } from './page-assets.ts';

/** The chat platforms this Tally runs, where the invitee types the join command. */
export type ChatPlatform = 'slack' | 'discord';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// Every value below goes through hono/html's escaping: names are shown exactly as typed, never parsed.
function page(title: string, body: Html, script = false): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<p class="brand">Tally</p>
<div class="card">
${body}
</div>
</main>
${script ? html`<script>${raw(COPY_SCRIPT)}</script>` : ''}
</body>
</html>
`;
}

const when = (at: Date) => html`<time datetime="${at.toISOString()}">${formatTime(at)}</time>`;

function howToJoin(code: string, platforms: readonly ChatPlatform[]): Html {
  const ways = {
    slack: html`<li><strong>In Slack:</strong> paste the command into any channel or your DM with Tally,
and send it.</li>`,
    discord: html`<li><strong>In Discord:</strong> type <code>/team join</code>, pick Tally's command, and paste
<code>${code}</code> into its <em>code</em> option.</li>`,
  };
  return html`<h2>How to join</h2>
<p>You join in chat, as yourself there, with this command:</p>
<div class="command"><code id="command">/team join ${code}</code>
<button type="button" id="copy" hidden>Copy</button></div>
${platforms.length > 0 ? html`<ul>${platforms.map((platform) => ways[platform])}</ul>` : ''}
<p class="note">Opening this page neither joins you nor uses up the link.</p>`;
}

function validPage(invite: ValidInvite, code: string, platforms: readonly ChatPlatform[]): Html {
  const by = invite.inviter ?? 'A team admin';
  return page(
    `Join ${invite.teamName} on Tally`,
    html`<h1>Join ${invite.teamName}</h1>
<p>${by} invited you to join this team on Tally as ${invite.roleName}.</p>
<dl>
<dt>Team</dt><dd>${invite.teamName}</dd>
<dt>Invited by</dt><dd>${by}</dd>
<dt>Role</dt><dd>${invite.roleName}</dd>
<dt>Link expires</dt><dd>${invite.expiresAt ? when(invite.expiresAt) : 'Never'}</dd>
${invite.usesLeft === null ? '' : html`<dt>Joins left</dt><dd>${invite.usesLeft}</dd>`}
</dl>
${howToJoin(code, platforms)}`,
    true,
  );
}

/** Why the link admits nobody, and whom to ask for one that does. */
function invalidPage(invite: InvalidInvite): Html {
  const team = html`<strong>${invite.teamName}</strong>`;
  const ask = invite.inviter
    ? html`Ask ${invite.inviter}, who made it, or another admin of ${team} for a new link.`
    : html`Ask an admin of ${team} for a new link.`;
  const explained = {
    team_deleted: [
      'This team has been deleted',
      html`${team} no longer exists, so its invite links don't work.
Ask ${invite.inviter ?? 'whoever sent you the link'} if there is another team to join.`,
    ],
    disabled: [
      'This invite link has been disabled',
      html`The invite to ${team} was turned off or replaced by a newer link. ${ask}`,
    ],
    expired: [
      'This invite link has expired',
      html`The invite to ${team} expired on ${invite.expiresAt ? when(invite.expiresAt) : 'an earlier date'}. ${ask}`,
    ],
    used_up: [
      'This invite link has been used up',
      html`The invite to ${team} allowed ${plural(invite.maxUses ?? 0, 'join')}, and all have been used. ${ask}`,
    ],
  } as const;
  const [title, text] = explained[invite.state];
  return page(`${title} · Tally`, html`<h1>${title}</h1><p>${text}</p>`);
}

const unknownPage = () =>
  page(
    'Unknown invite link · Tally',
    html`<h1>Unknown invite link</h1>
<p>Tally doesn't know this invite code. Check that the whole link was copied: codes look like
<code>TALLY-XXXX-XXXX-XXXX-XXXX</code>.</p>
<p>If it was, ask whoever sent it to you for a new link.</p>`,
  );

/** The page for `preview`; `code` is the one the link carries (already checked to have a code's shape when valid). */
export async function renderJoinPage(
  preview: InvitePreview,
  code: string,
  platforms: readonly ChatPlatform[],
): Promise<string> {
  if (preview.state === 'valid') return String(await validPage(preview, code, platforms));
  if (preview.state === 'unknown') return String(await unknownPage());
  return String(await invalidPage(preview));
}
