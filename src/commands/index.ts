/**
 * The single list of commands. Dispatch, help, the text parser, Discord registration and the
 * Slack manifest all read it; nothing else declares a command.
 */

import { indexByPath } from './command-paths.ts';
import creditsAdd from './credits/credits-add.ts';
import creditsAdjust from './credits/credits-adjust.ts';
import creditsAlert from './credits/credits-alert.ts';
import creditsApprove from './credits/credits-approve.ts';
import creditsAutopay from './credits/credits-autopay.ts';
import creditsAutopayCard from './credits/credits-autopay-card.ts';
import creditsAutopayOff from './credits/credits-autopay-off.ts';
import creditsBalance from './credits/credits-balance.ts';
import creditsDecline from './credits/credits-decline.ts';
import creditsGrant from './credits/credits-grant.ts';
import creditsHistory from './credits/credits-history.ts';
import creditsInvoice from './credits/credits-invoice.ts';
import creditsInvoices from './credits/credits-invoices.ts';
import creditsNotify from './credits/credits-notify.ts';
import creditsRequests from './credits/credits-requests.ts';
import creditsStatement from './credits/credits-statement.ts';
import type { Command } from './define.ts';
import { helpCommand } from './help.ts';
import launchCatalog from './launch/launch-catalog.ts';
import launchInference from './launch/launch-inference.ts';
import launchInstance from './launch/launch-instance.ts';
import launchVolume from './launch/launch-volume.ts';
import resourcesList from './resources/resources-list.ts';
import resourcesStop from './resources/resources-stop.ts';
import sshkeyAdd from './resources/sshkey-add.ts';
import sshkeyList from './resources/sshkey-list.ts';
import sshkeyRemove from './resources/sshkey-remove.ts';
import teamAccept from './team/team-accept.ts';
import teamApikeyCreate from './team/team-apikey-create.ts';
import teamApikeyList from './team/team-apikey-list.ts';
import teamApikeyRevoke from './team/team-apikey-revoke.ts';
import teamCreate from './team/team-create.ts';
import teamDecline from './team/team-decline.ts';
import teamDelete from './team/team-delete.ts';
import teamEdit from './team/team-edit.ts';
import teamInfo from './team/team-info.ts';
import teamInvitations from './team/team-invitations.ts';
import teamInvite from './team/team-invite.ts';
import teamInviteCancel from './team/team-invite-cancel.ts';
import teamInviteDisable from './team/team-invite-disable.ts';
import teamInvitePost from './team/team-invite-post.ts';
import teamInviteRegenerate from './team/team-invite-regenerate.ts';
import teamJoin from './team/team-join.ts';
import teamLeave from './team/team-leave.ts';
import teamList from './team/team-list.ts';
import teamLogs from './team/team-logs.ts';
import teamMembers from './team/team-members.ts';
import teamRemove from './team/team-remove.ts';
import teamRole from './team/team-role.ts';
import teamRoleCreate from './team/team-role-create.ts';
import teamRoleDelete from './team/team-role-delete.ts';
import teamRoleEdit from './team/team-role-edit.ts';
import teamRoles from './team/team-roles.ts';
import teamSettings from './team/team-settings.ts';
import teamSwitch from './team/team-switch.ts';
import teamTransfer from './team/team-transfer.ts';

/** The four slash commands, with what each does when typed with no subcommand. */
export const TOP_LEVEL = {
  team: { description: 'Teams, members, invites, roles, settings and API keys', defaultSubcommand: 'help' },
  credits: {
    description: 'Balance, top-ups, history, invoices, statements and low-balance alerts',
    defaultSubcommand: 'balance',
  },
  launch: { description: 'Launch GPU instances, inference endpoints and volumes', defaultSubcommand: 'help' },
  resources: { description: 'Running resources and SSH keys', defaultSubcommand: 'list' },
} as const;
export type TopLevel = keyof typeof TOP_LEVEL;

const DEFINED: Command[] = [
  teamCreate,
  teamList,
  teamSwitch,
  teamInfo,
  teamEdit,
  teamDelete,
  teamInvite,
  teamInvitePost,
  teamInviteRegenerate,
  teamInviteDisable,
  teamInviteCancel,
  teamInvitations,
  teamAccept,
  teamDecline,
  teamJoin,
  teamMembers,
  teamRole,
  teamRemove,
  teamLeave,
  teamTransfer,
  teamRoles,
  teamRoleCreate,
  teamRoleEdit,
  teamRoleDelete,
  teamSettings,
  teamApikeyCreate,
  teamApikeyList,
  teamApikeyRevoke,
  teamLogs,
  creditsBalance,
  creditsAdd,
  creditsHistory,
  creditsInvoices,
  creditsInvoice,
  creditsStatement,
  creditsAlert,
  creditsNotify,
  creditsAutopay,
  creditsAutopayOff,
  creditsAutopayCard,
  creditsRequests,
  creditsApprove,
  creditsDecline,
  creditsGrant,
  creditsAdjust,
  launchInstance,
  launchInference,
  launchVolume,
  launchCatalog,
  resourcesList,
  resourcesStop,
  sshkeyAdd,
  sshkeyList,
  sshkeyRemove,
];

export const COMMANDS: Command[] = [
  ...DEFINED,
  ...(Object.keys(TOP_LEVEL) as TopLevel[]).map((top) => helpCommand(top, () => DEFINED)),
];

const BY_PATH = indexByPath(COMMANDS);

export function findCommand(path: string): Command | undefined {
  return BY_PATH.get(path);
}

export function isTopLevel(word: string): word is TopLevel {
  return Object.hasOwn(TOP_LEVEL, word);
}
