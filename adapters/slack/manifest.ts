import { COMMANDS, TOP_LEVEL } from '../../src/commands/index.ts';

/** Where the app's requests go in the committed manifest; replace with your own host when creating the app. */
export const PLACEHOLDER_URL = 'https://tally.example.com/slack/events';

/** Each bot scope, with the calls that need it (the README repeats this). */
const BOT_SCOPES = {
  commands: 'the four slash commands',
  'chat:write': 'answers in channels where a form was submitted (chat.postEphemeral) and DMs (chat.postMessage)',
  'files:write': 'invoice and statement PDFs, uploaded to the DM with the person who asked (files.uploadV2)',
  'im:write': 'opening the DM with a person for invitations and alerts (conversations.open)',
  'users:read': "a person's display name, asked once per person (users.info)",
} as const;

function usageHint(top: string): string {
  const subcommands = COMMANDS.filter((c) => !c.hidden && c.path.startsWith(`${top} `)).map((c) =>
    c.path.slice(top.length + 1),
  );
  return `${subcommands.join(' | ')} [team:<name or id>]`.slice(0, 1000);
}

/** The Slack app manifest, generated from the command list so the two never disagree. */
export function buildManifest() {
  return {
    display_information: {
      name: 'Tally',
      description: 'Shared GPU-cloud credits for your team: teams, invites, roles, balance and launches from chat.',
      background_color: '#1d3557',
      long_description:
        'Tally lets a team share one pool of GPU-cloud credits from Slack. ' +
        'Create teams and invite people, give them roles, top up and watch the balance, ' +
        'launch GPU instances, inference endpoints and volumes against it, ' +
        'and get told before the money runs out. ' +
        'Type /team help, /credits help, /launch help or /resources help to start.',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: 'Tally', always_online: true },
      slash_commands: Object.entries(TOP_LEVEL).map(([top, { description }]) => ({
        command: `/${top}`,
        url: PLACEHOLDER_URL,
        description,
        usage_hint: usageHint(top),
        should_escape: true,
      })),
    },
    oauth_config: { scopes: { bot: Object.keys(BOT_SCOPES) } },
    settings: {
      event_subscriptions: { request_url: PLACEHOLDER_URL, bot_events: ['app_home_opened'] },
      interactivity: { is_enabled: true, request_url: PLACEHOLDER_URL },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
