import { MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { discordRoutes } from '../../adapters/discord/command-routes.ts';
import type { DiscordPerson, OptionValue } from '../fixtures/discord-payloads.ts';
import { buttonsOf, embedText, useDiscord } from '../support/discord-harness.ts';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHoSDPnXWuCVd8aM8hCiv1eeq5DQpBvGb9r6CAxcqWXy bob@laptop';

/** Every Discord subcommand, with what its answer must say; `public` marks channel-visible answers. */
const STEPS: [DiscordPerson, string, string[], Record<string, OptionValue>, string, 'private' | 'public'][] = [
  ['alice', 'team', ['help'], {}, '/team commands', 'private'],
  ['alice', 'team', ['create'], { name: 'Acme', description: 'GPU research' }, 'Created **Acme**', 'private'],
  ['alice', 'team', ['list'], {}, '▶ **Acme**', 'private'],
  ['alice', 'team', ['info'], {}, 'GPU research', 'private'],
  ['alice', 'team', ['edit'], { description: 'Vision' }, 'Saved. **Acme**: Vision', 'private'],
  ['alice', 'team', ['invite', 'link'], { role: 'co-owner' }, 'Invite link for **Acme**', 'private'],
  ['alice', 'team', ['invite', 'regenerate'], {}, 'Invite link for **Acme**', 'private'],
  ['alice', 'team', ['invite', 'disable'], {}, 'Disabled 1 invite link', 'private'],
  ['alice', 'team', ['invite', 'post'], { uses: 10 }, 'alice invites you to join **Acme**', 'public'],
  [
    'alice',
    'team',
    ['invite', 'person'],
    { person: { user: 'carol' } },
    'Invited carol to **Acme** as Member',
    'private',
  ],
  ['alice', 'team', ['invitations'], {}, 'Sent by Acme: carol as Member', 'private'],
  ['alice', 'team', ['invite', 'cancel'], { invitation: 'INVITATION' }, 'Cancelled the invitation of carol', 'private'],
  ['bob', 'team', ['join'], { code: 'CODE' }, 'Welcome to **Acme**!', 'private'],
  ['bob', 'team', ['switch'], { to: 'Acme' }, 'Your active team is now **Acme**', 'private'],
  ['alice', 'team', ['members'], {}, '**bob**: Member', 'private'],
  ['alice', 'team', ['roles'], {}, '**Co-Owner**', 'private'],
  [
    'alice',
    'team',
    ['role-create'],
    { name: 'Auditor', permissions: 'logs.view' },
    'Created the role **Auditor**',
    'private',
  ],
  [
    'alice',
    'team',
    ['role-edit'],
    { role: 'auditor', permissions: 'logs.view,billing.view' },
    'Saved the role **Auditor**',
    'private',
  ],
  ['alice', 'team', ['role'], { person: { user: 'bob' }, role: 'auditor' }, 'bob is now Auditor', 'private'],
  ['alice', 'team', ['role'], { person: { user: 'bob' }, role: 'co-owner' }, 'bob is now Co-Owner', 'private'],
  ['alice', 'team', ['role-delete'], { role: 'auditor' }, 'Deleted the role', 'private'],
  [
    'alice',
    'team',
    ['settings'],
    { type: 'company', company: 'Acme SAS' },
    'Saved the settings of **Acme**',
    'private',
  ],
  ['alice', 'team', ['apikey', 'create'], { name: 'ci' }, 'Copy it now', 'private'],
  ['alice', 'team', ['apikey', 'list'], {}, '**ci**', 'private'],
  ['alice', 'team', ['apikey', 'revoke'], { name: 'ci' }, 'Revoked **ci**', 'private'],
  ['alice', 'credits', ['help'], {}, '/credits commands', 'private'],
  ['alice', 'credits', ['add'], { amount: '50' }, 'Added **50.00** credits', 'private'],
  ['bob', 'credits', ['balance'], {}, '**Acme** has **50.00** credits', 'private'],
  ['alice', 'credits', ['alert'], { threshold: '20' }, 'will alert below **20.00**', 'private'],
  ['alice', 'credits', ['requests'], {}, 'No top-up request is waiting for an operator.', 'private'],
  ['alice', 'credits', ['autopay', 'show'], {}, 'takes no card payments: it is **off**', 'private'],
  ['alice', 'credits', ['autopay', 'set'], { amount: '50', below: '20' }, 'takes no card payments', 'private'],
  ['alice', 'credits', ['autopay', 'card'], {}, 'takes no card payments', 'private'],
  ['alice', 'credits', ['autopay', 'off'], {}, 'Automatic top-up was already off for **Acme**', 'private'],
  [
    'alice',
    'credits',
    ['grant'],
    { amount: '5', reason: 'welcome', team: 'TNOSUCH00' },
    'No team has the id `TNOSUCH00`',
    'private',
  ],
  [
    'alice',
    'credits',
    ['adjust'],
    { amount: '-5', reason: 'double charge', team: 'TNOSUCH00' },
    'No team has the id `TNOSUCH00`',
    'private',
  ],
  ['alice', 'launch', ['help'], {}, '/launch commands', 'private'],
  ['alice', 'launch', ['catalog'], {}, 'instance `h100`', 'private'],
  ['alice', 'resources', ['sshkey', 'add'], { name: 'laptop', key: KEY }, 'SHA256:', 'private'],
  ['alice', 'resources', ['sshkey', 'list'], {}, '**laptop**', 'private'],
  [
    'bob',
    'launch',
    ['instance'],
    { flavor: 'h100', name: 'train-1', sshkey: 'laptop' },
    'Launched instance **train-1**',
    'private',
  ],
  ['bob', 'launch', ['inference'], { model: 'llama-3.1-8b', name: 'chat' }, 'Launched inference **chat**', 'private'],
  ['bob', 'launch', ['volume'], { size: 100, name: 'data' }, 'Launched volume **data**', 'private'],
  ['alice', 'resources', ['help'], {}, '/resources commands', 'private'],
  ['alice', 'resources', ['list'], {}, '**train-1**: instance h100', 'private'],
  ['alice', 'resources', ['stop'], { name: 'chat' }, 'Stopped **chat**', 'private'],
  ['alice', 'resources', ['sshkey', 'remove'], { name: 'laptop' }, 'Removed SSH key', 'private'],
  ['alice', 'credits', ['history'], {}, 'Charge', 'private'],
  ['alice', 'credits', ['invoices'], {}, '2026-000001', 'private'],
  ['alice', 'credits', ['invoice'], { number: '2026-000001' }, 'Invoice 2026-000001 of **Acme**', 'private'],
  ['alice', 'credits', ['statement'], {}, 'Statement of **Acme** for November 2026', 'private'],
  ['alice', 'team', ['logs'], { limit: 50 }, 'launched instance **train-1**', 'private'],
  ['alice', 'team', ['remove'], { person: { user: 'bob' } }, 'Removed bob from **Acme**', 'private'],
  ['alice', 'team', ['transfer'], { person: { user: 'carol' } }, 'carol is not a member of Acme', 'private'],
  ['alice', 'team', ['create'], { name: 'Spare' }, 'Created **Spare**', 'private'],
  ['alice', 'team', ['delete'], {}, 'Delete **Spare**?', 'private'],
  ['alice', 'team', ['leave'], { team: 'Spare' }, 'You own Spare', 'private'],
];

describe('every command over Discord', () => {
  const d = useDiscord();

  it('answers each subcommand with the right message and visibility', async () => {
    let code = '';
    let invitation = '';
    for (const [who, top, path, raw, expected, visibility] of STEPS) {
      const values = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [k, v === 'CODE' ? code : v === 'INVITATION' ? invitation : v]),
      );
      const answer = await d.command(who, top, path, values);
      const label = `/${top} ${path.join(' ')}`;
      const text = embedText(answer.message);
      expect({ label, text: text.includes(expected) ? expected : text }).toEqual({ label, text: expected });
      expect([label, answer.callback.data?.flags]).toEqual([
        label,
        visibility === 'private' ? MessageFlags.Ephemeral : 0,
      ]);
      if (label === '/team invite post')
        code = decodeURIComponent(buttonsOf(answer.message)[0]!.custom_id.split('|')[2]!.split('=')[1]!);
      if (label === '/team invitations')
        invitation = decodeURIComponent(
          buttonsOf(answer.message)
            .find((b) => b.label === 'Cancel')!
            .custom_id.split('|')
            .find((p) => p.startsWith('invitation='))!
            .slice(11),
        );
    }
  }, 60_000);

  it('reaches every Discord subcommand', () => {
    const covered = new Set(STEPS.map(([, top, path]) => `${top} ${path.join(' ')}`));
    expect(
      discordRoutes()
        .map((r) => `${r.top} ${r.group ? `${r.group} ` : ''}${r.sub}`)
        .filter((p) => !covered.has(p)),
    ).toEqual([]);
  });
});

describe("help speaks each platform's syntax", () => {
  const d = useDiscord();

  it('Discord help shows its subcommands and named options; Slack-style positional words and button-only options never', async () => {
    const help = embedText((await d.command('alice', 'team', ['help'])).message);
    expect(help).toContain('/team invite person person:<person> [role:…]');
    expect(help).toContain('/team invite link [role:…]');
    expect(help).toContain('/team create name:<name> [description:…]');
    expect(help).toContain('/team delete`');
    expect(help).not.toContain('confirm:');
    expect(help).not.toContain('[person]');
    const slackStyle = await d.h.run('alice', '/team help');
    expect(slackStyle.items?.map((i) => i.text)).toContainEqual(
      expect.stringContaining('`/team invite [person] [role]'),
    );
    expect(JSON.stringify(slackStyle)).not.toContain('confirm:');
  });
});
