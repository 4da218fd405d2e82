import { formatTime } from '../format.ts';
import { formatCents } from '../money.ts';
import { md, type Text } from '../rich-text.ts';

type Details = Record<string, unknown>;

const cents = (value: unknown) => (typeof value === 'number' ? formatCents(value) : '?');
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const permissions = (value: unknown) => text(value).split(',').filter(Boolean).join(', ');

/** "until 2026-12-01 09:00 UTC, at most 5 uses" for an invite link's limits. */
function linkLimits(details: Details): string {
  const parts = [
    details.expiresAt ? `until ${formatTime(new Date(String(details.expiresAt)))}` : 'no expiry',
    details.maxUses ? `at most ${text(details.maxUses)} uses` : 'no use limit',
  ];
  return parts.join(', ');
}

/**
 * One user-log line as a sentence after the actor's name ("stopped *train-1*, refunded 0.97"):
 * people read what happened, not event codes, keys or raw cents. Unknown actions fall back to
 * their code, so an entry is never hidden.
 */
export function describeAudit(entry: { action: string; target: string; details: unknown }): Text {
  const d = (entry.details && typeof entry.details === 'object' ? entry.details : {}) as Details;
  const t = entry.target;
  switch (entry.action) {
    case 'team.create':
      return md`created the team *${t}*`;
    case 'team.edit': {
      const changes = [
        d.name !== undefined ? md`name to *${text(d.name)}*` : '',
        d.description !== undefined ? md`description to "${text(d.description)}"` : '',
      ].filter((c) => c !== '');
      return changes.length === 2
        ? md`changed the ${changes[0]!} and the ${changes[1]!}`
        : md`changed the ${changes[0] ?? 'team'}`;
    }
    case 'team.delete':
      return md`deleted the team *${t}*`;
    case 'team.transfer':
      return md`handed ownership to ${t}`;
    case 'member.join':
      return md`joined as ${text(d.role)}${d.via ? ` (by ${text(d.via)})` : ''}`;
    case 'member.leave':
      return 'left the team';
    case 'member.remove':
      return md`removed ${t} from the team`;
    case 'member.role':
      return md`changed ${t}'s role from ${text(d.from)} to ${text(d.to)}`;
    case 'invite.link':
      return md`made an invite link for ${t} (${linkLimits(d)})`;
    case 'invite.post':
      return md`posted a public invitation for ${t} (${linkLimits(d)})`;
    case 'invite.disable':
      return md`disabled ${text(d.links)} invite link${d.links === 1 ? '' : 's'}`;
    case 'invitation.send':
      return md`invited ${t} as ${text(d.role)}`;
    case 'invitation.decline':
      return 'declined an invitation';
    case 'invitation.cancel':
      return md`cancelled the invitation of ${t}`;
    case 'role.create':
      return md`created the role *${t}* with ${permissions(d.permissions)}`;
    case 'role.edit': {
      const renamed = d.name && d.name !== t ? md` (now *${text(d.name)}*)` : '';
      return md`changed the role *${t}*${renamed}: ${permissions(d.permissions)}`;
    }
    case 'role.delete':
      return md`deleted the role *${t}*`;
    case 'settings.edit': {
      const account =
        d.accountType === 'company' ? `company${d.companyName ? ` ${text(d.companyName)}` : ''}` : 'individual';
      return md`changed the billing settings: ${account}${d.addressChanged ? ', new address' : ''}`;
    }
    case 'apikey.create':
      return md`created the API key *${t}*${d.role ? md` acting as ${text(d.role)}` : ''}`;
    case 'apikey.revoke':
      return md`revoked the API key *${t}*`;
    case 'sshkey.add':
      return md`added the SSH key *${t}* (\`${text(d.fingerprint)}\`)`;
    case 'sshkey.remove':
      return md`removed the SSH key *${t}*`;
    case 'credits.add': {
      // Before numbers were global, an invoice was the team's #3; now it is 2026-000123.
      const invoice = typeof d.invoice === 'number' ? `#${d.invoice}` : text(d.invoice);
      const asked = d.requestedBy ? md`, asked for by ${text(d.requestedBy)}` : '';
      return md`added *${t}* credits${d.invoice ? ` (invoice ${invoice})` : ''}${asked}`;
    }
    case 'credits.autopay':
      return md`set automatic top-up: ${t}`;
    case 'credits.autopay_off':
      return 'turned automatic top-up off';
    case 'credits.alert':
      return md`set the low-balance alert to ${t}`;
    case 'credits.request':
      return md`asked the billing roles for credits (balance ${t})`;
    case 'credits.topup_request':
      return md`asked the operators to approve a top-up of *${t}* credits`;
    case 'credits.grant':
      return md`granted *${t}* credits: ${text(d.reason)}`;
    case 'credits.adjust':
      return md`adjusted the balance by *${t}* credits: ${text(d.reason)}`;
    case 'credits.refund': {
      const spent =
        typeof d.spentCents === 'number' && d.spentCents > 0 ? md`; ${cents(d.spentCents)} had been spent` : '';
      const note = md`credit note ${text(d.creditNote)}, invoice ${text(d.invoice)}`;
      return md`took back *${t}* credits for a refunded card payment (${note})${spent}`;
    }
    case 'credits.topup_decline': {
      const asker = d.requester ? text(d.requester) : 'a billing role';
      return md`declined a top-up of *${t}* credits asked for by ${asker}${d.reason ? md`: ${text(d.reason)}` : ''}`;
    }
    case 'resource.launch':
      return md`launched ${text(d.kind)} *${t}* (${text(d.spec)}, ${cents(d.hourlyCents)} per hour)`;
    case 'checkout.failed': {
      const balance = cents(d.balanceCents);
      return md`could not launch ${text(d.kind)} *${t}*: it needs ${cents(d.neededCents)}, the balance was ${balance}`;
    }
    case 'resource.stop': {
      const refunded =
        typeof d.refundCents === 'number' && d.refundCents > 0
          ? `, refunded ${cents(d.refundCents)} for unused time`
          : '';
      return md`stopped *${t}*${refunded}`;
    }
    case 'resource.suspend':
      return md`suspended *${t}*: the next hour costs ${cents(d.neededCents)}, more than the balance`;
    case 'alert.undeliverable':
      return md`could not deliver an alert to ${t} after ${text(d.attempts)} tries (${text(d.error)})`;
    default:
      return md`${entry.action} ${t}`;
  }
}
